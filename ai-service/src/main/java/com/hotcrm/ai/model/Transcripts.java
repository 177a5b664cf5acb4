package com.hotcrm.ai.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a call transcript says, without a language model: lines like {@code [00:42] John: ...} give the
 * speakers (in order of first words) and the duration (the last timestamp); sentences where someone
 * commits to doing something ("I'll", "we will", "follow up", "send", "schedule", "check with") are the
 * action items, owned by whoever said them; the summary is the opening line and the sentences with the
 * most business signal (price, discount, budget, timeline, concern, interest); sentiment is a word-list
 * tone over the whole call.
 */
public final class Transcripts {

    private static final Pattern LINE = Pattern.compile("^\\s*(?:\\[(\\d{1,2}(?::\\d{2}){1,2})\\]\\s*)?([^:\\[\\]]{1,40}):\\s*(.+)$");
    private static final Pattern COMMITMENT = Pattern.compile(
            "\\b(i'll|i will|we'll|we will|let me|i can|follow up|send|schedule|check with|get back|need to|will share)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> SIGNAL = Set.of("price", "pricing", "discount", "budget", "cost", "timeline", "contract",
            "concern", "interested", "interest", "renewal", "competitor", "deadline", "approval", "demo", "trial");

    public record Speaker(int id, String name) {
    }

    public record Analysis(String summary, List<String> actionItems, String sentiment, List<Speaker> speakers, int duration) {
    }

    private record Utterance(String speaker, String text, int second) {
    }

    private Transcripts() {
    }

    public static Analysis analyze(String transcript) {
        List<Utterance> lines = new ArrayList<>();
        for (String raw : transcript.split("\\R")) {
            Matcher m = LINE.matcher(raw);
            if (m.matches()) {
                lines.add(new Utterance(m.group(2).trim(), m.group(3).trim(), m.group(1) == null ? -1 : seconds(m.group(1))));
            } else if (!raw.isBlank()) {
                lines.add(new Utterance(null, raw.trim(), -1));
            }
        }
        Set<String> names = new LinkedHashSet<>();
        lines.stream().map(Utterance::speaker).filter(s -> s != null).forEach(names::add);
        List<Speaker> speakers = new ArrayList<>();
        for (String name : names) {
            speakers.add(new Speaker(speakers.size() + 1, name));
        }
        int duration = lines.stream().mapToInt(Utterance::second).max().orElse(-1);
        if (duration < 0) {
            // no timestamps: about 150 spoken words a minute
            duration = (int) Math.round(transcript.split("\\s+").length / 150.0 * 60);
        }

        List<String> actions = new ArrayList<>();
        Map<String, Integer> scored = new LinkedHashMap<>();
        int tone = 0;
        for (Utterance line : lines) {
            for (String sentence : line.text().split("(?<=[.!?])\\s+")) {
                tone += TextSignals.tone(sentence);
                if (COMMITMENT.matcher(sentence).find()) {
                    actions.add((line.speaker() == null ? "" : line.speaker() + ": ") + clean(sentence));
                }
                int signal = 0;
                for (String word : sentence.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                    if (SIGNAL.contains(word)) {
                        signal++;
                    }
                }
                if (signal > 0) {
                    scored.put((line.speaker() == null ? "" : line.speaker() + " said: ") + clean(sentence), signal);
                }
            }
        }
        List<String> highlights = scored.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(3).map(Map.Entry::getKey).toList();
        String opening = lines.isEmpty() ? "" : clean(lines.get(0).text());
        String summary = (speakers.isEmpty() ? "A call" : "A call between " + String.join(", ", names)) + " of "
                + Math.max(1, Math.round(duration / 60.0)) + " min. " + (highlights.isEmpty() ? "Opened with: " + opening
                        : String.join(" ", highlights.stream().map(h -> h.endsWith(".") ? h : h + ".").toList()));
        String sentiment = tone > 0 ? "Positive" : tone < 0 ? "Negative" : "Neutral";
        return new Analysis(summary.trim(), actions, sentiment, speakers, duration);
    }

    private static int seconds(String stamp) {
        String[] parts = stamp.split(":");
        int total = 0;
        for (String part : parts) {
            total = total * 60 + Integer.parseInt(part);
        }
        return total;
    }

    private static String clean(String sentence) {
        String s = sentence.trim();
        return s.endsWith(".") || s.endsWith("!") || s.endsWith("?") ? s.substring(0, s.length() - 1) : s;
    }
}
