package com.hotcrm.sdk.model;

import java.util.List;

/** An offset-paged list of something other than records (webhooks, deliveries, users). */
public record ListResult<T>(List<T> items, long totalCount, boolean hasMore, int limit, int offset) {

    public ListResult {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
