package com.hotcrm.sdk.model;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a batch create, update or delete answers: one result per entry, in input order, and the counts.
 * A request is answered 200 whenever it was well formed; entries fail one by one (unless {@code allOrNone}).
 */
public record BatchResult(List<Item> results, int successCount, int errorCount) {

    public BatchResult {
        results = results == null ? List.of() : List.copyOf(results);
    }

    /** One entry's outcome: its record's {@code Id}, or the error that kept it from being written. */
    public record Item(@JsonProperty("Id") String id, boolean success, Error error) {
    }

    /** The error envelope of one failed entry. */
    public record Error(String code, String message, List<ErrorDetail> details) {
    }

    /** The ids of the entries written, in input order. */
    public List<String> ids() {
        return results.stream().filter(Item::success).map(Item::id).filter(Objects::nonNull).toList();
    }

    public boolean allSucceeded() {
        return errorCount == 0;
    }
}
