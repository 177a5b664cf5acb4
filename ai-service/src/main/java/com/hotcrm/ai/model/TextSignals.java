package com.hotcrm.ai.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What the words of activities say: competitors named, and the tone when no one recorded a sentiment. */
public final class TextSignals {

    /** CRM vendors a deal is commonly compared with; an opportunity's own Competitor field adds to these. */
    public static final List<String> KNOWN_COMPETITORS = List.of("Salesforce", "HubSpot", "Microsoft Dynamics", "Dynamics 365",
            "Zoho", "Pipedrive", "Freshsales", "SugarCRM", "Twenty", "Oracle CX", "SAP CX", "Monday Sales");

    private static final Set<String> POSITIVE = Set.of("great", "happy", "excited", "interested", "love", "pleased",
            "positive", "agreed", "approved", "success", "thanks", "good", "impressed");
    private static final Set<String> NEGATIVE = Set.of("unhappy", "angry", "frustrated", "cancel", "churn", "complaint",
            "delay", "problem", "issue", "expensive", "disappointed", "negative", "escalate", "risk", "concern");

    private TextSignals() {
    }

    /** The competitors named in the texts (whole words, any case), in the order first met. */
    public static Set<String> competitors(List<String> texts, Set<String> extra) {
        Set<String> names = new LinkedHashSet<>(KNOWN_COMPETITORS);
        names.addAll(extra);
        Set<String> found = new LinkedHashSet<>();
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            for (String name : names) {
                if (!name.isBlank() && Pattern.compile("\\b" + Pattern.quote(name) + "\\b", Pattern.CASE_INSENSITIVE)
                        .matcher(text).find()) {
                    found.add(name);
                }
            }
        }
        return found;
    }

    /** +1 positive, -1 negative, 0 neutral, from a lexicon count. */
    public static int tone(String text) {
        if (text == null) {
            return 0;
        }
        int score = 0;
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (POSITIVE.contains(word)) {
                score++;
            } else if (NEGATIVE.contains(word)) {
                score--;
            }
        }
        return Integer.signum(score);
    }
}
