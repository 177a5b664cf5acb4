package com.hotcrm.query.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.hotcrm.platform.error.CrmException;

/** Reading list parameters from a query string: JSON-encoded filters, sort, and numbers. */
final class QueryParams {

    private QueryParams() {
    }

    static JsonNode json(ObjectMapper mapper, String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(value);
        } catch (JsonProcessingException e) {
            throw CrmException.validation(name, name + " must be URL-encoded JSON, like [[\"Industry\",\"=\",\"Technology\"]]: "
                    + e.getOriginalMessage());
        }
    }

    /** {@code -AnnualRevenue} or {@code Name,-Amount}; a JSON array is accepted too. */
    static JsonNode sort(ObjectMapper mapper, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip().startsWith("[") ? json(mapper, "sort", value) : TextNode.valueOf(value);
    }

    static Integer integer(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw CrmException.validation(name, name + " must be a whole number, not '" + value + "'");
        }
    }
}
