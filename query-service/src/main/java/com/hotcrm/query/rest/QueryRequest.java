package com.hotcrm.query.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.platform.json.StrictJson;
import com.hotcrm.query.service.ListQuery;

/**
 * {@code POST /v1/query}. {@code fields}, {@code filters}, {@code sort} and {@code related} are the list API's
 * JSON forms (an array or a comma-separated string of fields; filter triples; sort pairs) and are checked against
 * the object's metadata by the compilers; the envelope is checked here.
 *
 * @param count {@code exact} to count every match even past the exact-count limit
 * @param cursor a {@code nextCursor} of an earlier page of the same query
 */
@StrictJson
@Schema(additionalProperties = Schema.False.class)
public record QueryRequest(
        @NotBlank(message = "object is required, e.g. \"Opportunity\"") String object,
        JsonNode fields, JsonNode filters, JsonNode sort,
        Integer limit, Integer offset,
        JsonNode related,
        @Pattern(regexp = "exact|estimate", message = "count is exact or estimate") String count,
        String cursor) {

    public ListQuery toListQuery() {
        return new ListQuery(object, fields, filters, sort, limit, offset, related, "exact".equals(count), cursor);
    }
}
