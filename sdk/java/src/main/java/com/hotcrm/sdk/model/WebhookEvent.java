package com.hotcrm.sdk.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What a webhook delivery carries: {@code type} ({@code create}, {@code update}, {@code delete}, or {@code ping}
 * for a test), the record ({@code data}: after the change, before it for a delete), the fields an update
 * {@code changed}, and who made the change. {@code id} is the same on every retry: deduplicate on it.
 */
public record WebhookEvent(String id, String type, String object, String recordId, Instant occurredAt,
        Map<String, Object> data, List<String> changed, String actorId) {

    /** {@code data} as a record. */
    @JsonIgnore
    public CrmRecord record() {
        return data == null ? null : new CrmRecord(data);
    }
}
