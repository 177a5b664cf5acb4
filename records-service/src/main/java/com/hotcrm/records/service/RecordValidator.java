package com.hotcrm.records.service;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorDetail;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.FieldType;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.platform.metadata.ValidationRule;

/**
 * Turns a JSON body into typed field values, checking everything the metadata says: known and writable
 * fields, types, lengths, picklist values, formats, ranges, required fields and validation rules. Every
 * problem of a record is collected, one detail per field, and thrown together as one VALIDATION_ERROR.
 */
@ApplicationScoped
public class RecordValidator {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9()][0-9 ().\\-/]{2,38}$");

    /** The kinds of write, which differ in what a missing field means. */
    public enum Mode {
        /** Missing fields take their default or stay empty; required fields must be given. */
        CREATE,
        /** Only the given fields change; a required field may not be cleared. */
        UPDATE,
        /** Every writable field is set: missing ones become their default or null. */
        REPLACE,
        /**
         * Only fields the AI computes ({@link #COMPUTED_FIELDS}, read-only to clients), written by ai-service on
         * the caller's behalf and with the caller's edit rights; like UPDATE otherwise.
         */
        COMPUTED
    }

    /** Read-only fields ai-service may write back, by object. */
    public static final Map<String, Set<String>> COMPUTED_FIELDS = Map.of("Lead", Set.of("LeadScore"), "Opportunity",
            Set.of("AIWinProbability", "AIRiskFactors", "AINextStepSuggestion", "AICompetitiveIntel"));

    /** The typed values of a body, or its problems. */
    public record Result(Map<String, Object> values, List<ErrorDetail> errors) {
        public Map<String, Object> orThrow(ObjectDef def) {
            if (!errors.isEmpty()) {
                throw invalid(def, errors);
            }
            return values;
        }
    }

    /** The one system field a client may write: ownership moves with edit rights on the record. */
    static final String OWNER = "OwnerId";

    public Result validate(ObjectDef def, ObjectNode body, Mode mode) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<ErrorDetail> errors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            FieldDef field = def.field(name).orElse(null);
            if (field == null) {
                errors.add(ErrorDetail.of(name, "Unknown field '" + name + "' on " + def.name()));
            } else if (mode == Mode.COMPUTED && !COMPUTED_FIELDS.getOrDefault(def.name(), Set.of()).contains(name)) {
                errors.add(ErrorDetail.of(name, name + " is not a field the AI computes"));
            } else if (mode != Mode.COMPUTED && field.readOnly() && !OWNER.equals(name)) {
                errors.add(ErrorDetail.of(name, name + " is read-only"));
            } else {
                String problem = convert(field, entry.getValue(), values);
                if (problem != null) {
                    errors.add(ErrorDetail.of(name, problem));
                }
            }
        }
        if (mode == Mode.CREATE || mode == Mode.REPLACE) {
            for (FieldDef field : def.fields()) {
                if (field.readOnly() || values.containsKey(field.name())) {
                    continue;
                }
                values.put(field.name(), field.defaultValue());
            }
        }
        for (FieldDef field : def.fields()) {
            if (field.required() && !field.readOnly() && values.containsKey(field.name()) && isEmpty(values.get(field.name()))
                    && errors.stream().noneMatch(e -> field.name().equals(e.field()))) {
                errors.add(ErrorDetail.of(field.name(), field.name() + " is required"));
            }
        }
        return new Result(values, errors);
    }

    /** The validation rules, on the record as it will be stored. */
    public List<ErrorDetail> checkRules(ObjectDef def, Map<String, Object> record) {
        List<ErrorDetail> errors = new ArrayList<>();
        for (ValidationRule rule : def.validationRules()) {
            if (!rule.when().stream().allMatch(condition -> holds(condition, record))) {
                continue;
            }
            for (String required : rule.require()) {
                if (isEmpty(record.get(required))) {
                    errors.add(ErrorDetail.of(required, rule.message()));
                }
            }
        }
        return errors;
    }

    public static CrmException invalid(ObjectDef def, List<ErrorDetail> errors) {
        String message = errors.size() == 1 ? errors.get(0).message()
                : "Validation failed: " + errors.size() + " problems with this " + def.name();
        return CrmException.validation(message, errors);
    }

    private static boolean isEmpty(Object value) {
        return value == null || (value instanceof String s && s.isBlank()) || (value instanceof List<?> l && l.isEmpty());
    }

    /** Puts the typed value into {@code values}, or says what is wrong with it. */
    private static String convert(FieldDef field, JsonNode node, Map<String, Object> values) {
        String name = field.name();
        if (node == null || node.isNull()) {
            values.put(name, null);
            return null;
        }
        FieldType type = field.type();
        switch (type) {
            case NUMBER, CURRENCY, PERCENT -> {
                if (!node.isNumber()) {
                    return name + " must be a number";
                }
                BigDecimal number;
                try {
                    number = node.decimalValue();
                } catch (NumberFormatException e) {
                    return name + " must be a finite number";
                }
                if (number.precision() - number.scale() > type.integerDigits(field.scale())) {
                    return name + " is too large: at most " + type.integerDigits(field.scale()) + " digits before the decimal point";
                }
                int scale = field.scale() != null ? field.scale() : (type == FieldType.NUMBER ? Integer.MAX_VALUE : 2);
                if (number.stripTrailingZeros().scale() > scale) {
                    return scale == 0 ? name + " must be a whole number" : name + " allows at most " + scale + " decimal places";
                }
                if (field.min() != null && number.compareTo(field.min()) < 0) {
                    return name + " must be at least " + field.min().toPlainString();
                }
                if (field.max() != null && number.compareTo(field.max()) > 0) {
                    return name + " must be at most " + field.max().toPlainString();
                }
                values.put(name, number);
                return null;
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    return name + " must be true or false";
                }
                values.put(name, node.booleanValue());
                return null;
            }
            case DATE -> {
                try {
                    values.put(name, LocalDate.parse(textOf(node)));
                    return null;
                } catch (DateTimeParseException | IllegalArgumentException e) {
                    return name + " must be a date like 2026-03-15";
                }
            }
            case DATETIME -> {
                try {
                    values.put(name, OffsetDateTime.parse(textOf(node)).toInstant());
                    return null;
                } catch (DateTimeParseException | IllegalArgumentException e) {
                    return name + " must be a date-time like 2026-03-15T10:30:00Z";
                }
            }
            case MULTIPICKLIST -> {
                if (!node.isArray()) {
                    return name + " must be an array of values from " + field.picklistValues();
                }
                List<String> chosen = new ArrayList<>();
                for (JsonNode item : node) {
                    if (!item.isTextual() || !field.picklistValues().contains(item.asText())) {
                        return name + " values must be among " + field.picklistValues();
                    }
                    if (!chosen.contains(item.asText())) {
                        chosen.add(item.asText());
                    }
                }
                values.put(name, chosen);
                return null;
            }
            default -> {
                if (!node.isTextual()) {
                    return name + " must be a string";
                }
                String text = node.asText();
                String problem = checkText(field, text);
                if (problem == null) {
                    values.put(name, text);
                }
                return problem;
            }
        }
    }

    private static String textOf(JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("not a string");
        }
        return node.asText();
    }

    private static String checkText(FieldDef field, String text) {
        String name = field.name();
        if (!isStorableText(text)) {
            return name + " must not contain the NUL character (\\u0000) or a lone UTF-16 surrogate";
        }
        if (field.length() != null && text.length() > field.length()) {
            return name + " must be at most " + field.length() + " characters";
        }
        return switch (field.type()) {
            case EMAIL -> EMAIL.matcher(text).matches() ? null : name + " must be an email address like jane@example.com";
            case PHONE -> PHONE.matcher(text).matches() ? null : name + " must be a phone number like +1-555-0123";
            case URL -> isWebUrl(text) ? null : name + " must be an http or https URL like https://example.com";
            case PICKLIST -> field.picklistValues().contains(text) ? null
                    : name + " must be one of " + field.picklistValues();
            case LOOKUP -> RecordIds.isWellFormed(text) ? null : name + " must be a record id like acc_01J...";
            default -> null;
        };
    }

    /** PostgreSQL's text cannot hold NUL, and a lone surrogate is no character at all. */
    private static boolean isStorableText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWebUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean holds(List<Object> condition, Map<String, Object> record) {
        Object actual = record.get(String.valueOf(condition.get(0)));
        String op = String.valueOf(condition.get(1)).toLowerCase(java.util.Locale.ROOT);
        Object expected = condition.size() > 2 ? condition.get(2) : null;
        return switch (op) {
            case "is null" -> actual == null;
            case "is not null" -> actual != null;
            case "=" -> same(actual, expected);
            case "!=", "<>" -> !same(actual, expected);
            case "in" -> expected instanceof List<?> list && list.stream().anyMatch(e -> same(actual, e));
            case "not in" -> expected instanceof List<?> list && list.stream().noneMatch(e -> same(actual, e));
            case ">", ">=", "<", "<=" -> compare(actual, expected, op);
            default -> throw new IllegalStateException("Unsupported operator in validation rule: " + op);
        };
    }

    private static boolean same(Object actual, Object expected) {
        if (actual instanceof BigDecimal a && expected instanceof Number e) {
            return a.compareTo(new BigDecimal(e.toString())) == 0;
        }
        if (actual instanceof LocalDate || actual instanceof Instant) {
            return expected != null && actual.toString().equals(expected.toString());
        }
        return Objects.equals(actual, expected);
    }

    private static boolean compare(Object actual, Object expected, String op) {
        if (!(actual instanceof BigDecimal a) || !(expected instanceof Number e)) {
            return false;
        }
        int c = a.compareTo(new BigDecimal(e.toString()));
        return switch (op) {
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "<" -> c < 0;
            default -> c <= 0;
        };
    }
}
