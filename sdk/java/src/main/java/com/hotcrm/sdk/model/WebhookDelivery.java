package com.hotcrm.sdk.model;

import java.time.Instant;
import java.util.List;

/** One delivery of an event to a webhook, with every attempt made ({@code status} pending, succeeded or failed). */
public record WebhookDelivery(String id, String webhookId, String eventId, String type, String object,
        String recordId, String status, int attempts, Integer lastResponseCode, Long lastLatencyMs, String lastError,
        Instant lastAttemptAt, Instant nextAttemptAt, Instant createdAt, Instant completedAt,
        List<Attempt> attemptHistory) {

    public record Attempt(int attempt, Instant attemptedAt, Integer responseCode, Long latencyMs, String error) {
    }
}
