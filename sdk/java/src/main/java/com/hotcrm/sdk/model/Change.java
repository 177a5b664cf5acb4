package com.hotcrm.sdk.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One change of the change feed ({@code GET /changes}).
 *
 * @param cursor        where this change is: keep the last one handled, and go on from it with {@code since}
 * @param type          {@code create}, {@code update} or {@code delete}
 * @param object        the object's API name, e.g. {@code Account}
 * @param recordId      the changed record's id
 * @param occurredAt    when the change was made
 * @param changedFields the fields it set or changed (as the caller may see them; empty for a delete)
 * @param record        the record after the change, as the caller may see it now; null for a delete (a tombstone)
 */
public record Change(String cursor, String type, String object, String recordId, Instant occurredAt,
        List<String> changedFields, Map<String, Object> record) {

    public boolean isDelete() {
        return "delete".equals(type);
    }
}
