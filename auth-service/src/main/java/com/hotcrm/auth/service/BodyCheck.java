package com.hotcrm.auth.service;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorDetail;

/** Reads a JSON object body field by field, collecting every problem before answering VALIDATION_ERROR. */
public final class BodyCheck {

    private final Map<String, Object> body;
    private final List<ErrorDetail> problems = new ArrayList<>();

    public BodyCheck(Map<String, Object> body, Set<String> allowed) {
        this.body = body == null ? Map.of() : body;
        if (body == null) {
            problems.add(ErrorDetail.general("Send a JSON object as the request body"));
        }
        for (String field : this.body.keySet()) {
            if (!allowed.contains(field)) {
                problems.add(ErrorDetail.of(field, "Unknown field '" + field + "'; allowed: " + String.join(", ",
                        allowed.stream().sorted().toList())));
            }
        }
    }

    public boolean has(String field) {
        return body.containsKey(field);
    }

    /** A string field; null when absent (or when required and absent, with a problem noted). */
    public String text(String field, boolean required, int maxLength) {
        Object value = body.get(field);
        if (value == null) {
            if (required) {
                problems.add(ErrorDetail.of(field, field + " is required"));
            }
            return null;
        }
        if (!(value instanceof String s)) {
            problems.add(ErrorDetail.of(field, field + " must be a string"));
            return null;
        }
        if (required && s.isBlank()) {
            problems.add(ErrorDetail.of(field, field + " must not be empty"));
            return null;
        }
        if (s.length() > maxLength) {
            problems.add(ErrorDetail.of(field, field + " must be at most " + maxLength + " characters"));
            return null;
        }
        return s;
    }

    public Boolean bool(String field) {
        Object value = body.get(field);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        problems.add(ErrorDetail.of(field, field + " must be true or false"));
        return null;
    }

    public OffsetDateTime dateTime(String field) {
        String value = text(field, false, 64);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(ErrorDetail.of(field, field + " must be an ISO-8601 date-time such as 2027-01-31T00:00:00Z"));
            return null;
        }
    }

    public void problem(String field, String message) {
        problems.add(ErrorDetail.of(field, message));
    }

    /** Throws VALIDATION_ERROR with every problem found, if any. */
    public void done() {
        if (!problems.isEmpty()) {
            String message = problems.size() == 1 ? problems.get(0).message()
                    : problems.size() + " problems in the request body: " + problems.get(0).message() + "; ...";
            throw CrmException.validation(message, List.copyOf(problems));
        }
    }
}
