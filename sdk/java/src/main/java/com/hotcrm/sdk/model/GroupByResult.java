package com.hotcrm.sdk.model;

import java.util.List;

/**
 * {@code POST /{object}/groupby}: one record per group, holding its keys (by field name, or {@code CloseDate.month})
 * and its aggregations (by the names given), e.g. {@code group.getString("Stage")}, {@code group.getLong("count")}.
 */
public record GroupByResult(List<CrmRecord> groups) {

    public GroupByResult {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
