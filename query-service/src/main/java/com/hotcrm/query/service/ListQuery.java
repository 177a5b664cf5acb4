package com.hotcrm.query.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A list request in either form (GET's parameters or {@code POST /query}'s body), already parsed.
 *
 * @param fields a comma-separated string or an array; null for every field
 * @param exactCount count every match even when there are more than the exact-count limit
 * @param cursor a {@code nextCursor} of an earlier page of the same query
 */
public record ListQuery(String object, JsonNode fields, JsonNode filters, JsonNode sort, Integer limit, Integer offset,
        JsonNode related, boolean exactCount, String cursor) {
}
