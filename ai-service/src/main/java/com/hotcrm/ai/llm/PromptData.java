package com.hotcrm.ai.llm;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Record data as an LLM is given it: contact details masked, and framed as data between tags it cannot close.
 *
 * <p>Masking: every e-mail address becomes {@value #EMAIL_MASK}, and every phone number {@value #PHONE_MASK}: the
 * whole value of a field named like a phone ({@code Phone}, {@code MobilePhone}, {@code Fax}...), and, in any text
 * (descriptions, transcripts, questions), what {@link #isPhone} takes for one. Amounts ({@code 83333.33},
 * {@code 1 250 000}), dates ({@code 2026-12-31}, {@code 31.12.2026}) and short numbers stay as they are; numbers that
 * are JSON numbers are never touched. Both patterns run in time linear in the text.
 */
final class PromptData {

    static final String EMAIL_MASK = "[email]";
    static final String PHONE_MASK = "[phone]";

    /**
     * Linear on any text: a local part is matched only from its first character (the lookbehind), and neither part
     * gives back what it took, so a long run without an {@code @} costs one pass, not one per start.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@(?:[A-Za-z0-9-]++\\.)++[A-Za-z]{2,}+(?![A-Za-z0-9-])");
    /**
     * A candidate: {@code +} and digits, or digit groups each after a separator (so a long digit run has one reading,
     * and, starting only where no word character precedes, each text position is tried at most once), or 10 to 15
     * digits alone.
     */
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])(?:\\+\\d{7,15}|\\d{10,15}"
            + "|\\+?(?:\\(\\d{1,4}\\)[ ./-]?)?\\d{1,5}(?:[ ./-]{1,2}\\(?\\d{1,8}\\)?){1,7})(?!\\w)");
    private static final Pattern DATE = Pattern.compile("\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}");
    /** {@code 1 250 000}, {@code 1.250.000}: thousands, one separator throughout, groups of three. */
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,3}(?:([ .])\\d{3})(?:\\1\\d{3})*+");
    private static final Pattern PHONE_FIELD = Pattern.compile("(?i).*(phone|mobile|fax).*");

    private PromptData() {
    }

    /** {@code text} with its e-mail addresses and phone numbers masked. */
    static String mask(String text) {
        String noEmails = EMAIL.matcher(text).replaceAll(EMAIL_MASK);
        Matcher phones = PHONE.matcher(noEmails);
        StringBuilder out = new StringBuilder();
        while (phones.find()) {
            phones.appendReplacement(out, Matcher.quoteReplacement(isPhone(phones.group()) ? PHONE_MASK : phones.group()));
        }
        phones.appendTail(out);
        return out.toString();
    }

    /**
     * 7 or more digits (several numbers run together count as one, and are masked together) in separated groups or
     * led by {@code +}, or 10 to 15 alone; the last group of at least 3 digits unless there are 4 or more groups
     * ({@code 06 12 34 56 78}); not a date, not an amount written in thousands.
     */
    private static boolean isPhone(String candidate) {
        String number = candidate.strip();
        String[] groups = number.replaceAll("^\\D+|\\D+$", "").split("\\D+");
        int digits = 0;
        for (String group : groups) {
            digits += group.length();
        }
        boolean plus = number.startsWith("+");
        if (groups.length == 1) {
            return digits >= 10 || (plus && digits >= 7);
        }
        return digits >= 7 && (plus || groups.length >= 4 || groups[groups.length - 1].length() >= 3)
                && !DATE.matcher(number).matches() && !(AMOUNT.matcher(number).matches() && !plus);
    }

    /** A copy of {@code node} with every text masked, and the values of phone-named fields replaced whole. */
    static JsonNode masked(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(mask(node.asText()));
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(masked(item)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                out.set(field.getKey(), value.isTextual() && !value.asText().isBlank() && PHONE_FIELD.matcher(field.getKey()).matches()
                        ? TextNode.valueOf(PHONE_MASK) : masked(value));
            }
            return out;
        }
        return node;
    }

    /**
     * The facts as JSON between {@code <facts>} and {@code </facts>}. No text inside can end the block early: every
     * {@code </} in the JSON is written {@code <\/}, which is the same JSON string.
     */
    static String framed(ObjectMapper json, JsonNode facts) throws JsonProcessingException {
        return "<facts>\n" + json.writeValueAsString(facts).replace("</", "<\\/") + "\n</facts>";
    }
}
