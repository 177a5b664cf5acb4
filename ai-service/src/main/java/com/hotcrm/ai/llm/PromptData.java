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
 * (descriptions, transcripts, questions), a run of 7 to 15 digits in groups split by spaces, dots, hyphens or
 * parentheses (or led by {@code +}) whose last group has at least 3 digits, which is not a date. Amounts
 * ({@code 83333.33}), dates ({@code 2026-12-31}, {@code 31.12.2026}) and short numbers stay as they are; numbers that
 * are JSON numbers are never touched.
 */
final class PromptData {

    static final String EMAIL_MASK = "[email]";
    static final String PHONE_MASK = "[phone]";

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    /** A candidate: {@code +} and digits, or digit groups each after a separator (so a long digit run has one reading). */
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])(?:\\+\\d{7,15}"
            + "|\\+?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{1,5}(?:[ .-]{1,2}\\(?\\d{1,8}\\)?){1,6})(?!\\w)");
    private static final Pattern DATE = Pattern.compile("\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}");
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

    private static boolean isPhone(String candidate) {
        String[] groups = candidate.replaceAll("^\\D+|\\D+$", "").split("\\D+");
        int digits = 0;
        for (String group : groups) {
            digits += group.length();
        }
        boolean separated = groups.length > 1 || candidate.startsWith("+");
        return separated && digits >= 7 && digits <= 15 && (candidate.startsWith("+") || groups[groups.length - 1].length() >= 3)
                && !DATE.matcher(candidate.strip()).matches();
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
