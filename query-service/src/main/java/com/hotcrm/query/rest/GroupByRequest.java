package com.hotcrm.query.rest;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.platform.json.StrictJson;

/**
 * {@code POST /v1/{object}/groupby}. {@code groupBy} is a field name or an array of up to five (a date field may
 * carry a part, {@code "CloseDate.month"}); {@code filters}, {@code having} and {@code sort} are checked against
 * the object's metadata and the aggregations by the service.
 */
@StrictJson
@Schema(additionalProperties = Schema.False.class)
public record GroupByRequest(
        @NotNull(message = "groupBy is required: a field name or an array of up to 5") JsonNode groupBy,
        @NotEmpty(message = GroupByRequest.AGGREGATIONS) @Size(max = 20, message = GroupByRequest.AGGREGATIONS)
        Map<@NotNull @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]{0,39}",
                message = "An aggregation's name is a letter then up to 39 letters, digits or _") String,
                @NotNull(message = "Each aggregation is an object with a function and a field") @Valid Aggregation> aggregations,
        JsonNode filters, JsonNode having, JsonNode sort) {

    // no braces in a message: Bean Validation would read them as a parameter
    static final String AGGREGATIONS = "aggregations maps 1 to 20 names to an aggregation: a function and a field";

    /** One aggregation: {@code {"function": "SUM", "field": "Amount"}}. */
    @StrictJson
    @Schema(name = "GroupByAggregation", additionalProperties = Schema.False.class)
    public record Aggregation(
            @NotNull(message = FUNCTIONS) @Pattern(regexp = "(?i)count|count_distinct|sum|avg|min|max", message = FUNCTIONS)
            String function,
            String field) {

        static final String FUNCTIONS = "function is COUNT, COUNT_DISTINCT, SUM, AVG, MIN or MAX";

        /** The field aggregated: Id when not given (for COUNT). */
        public String fieldOrId() {
            return field == null ? "Id" : field;
        }
    }
}
