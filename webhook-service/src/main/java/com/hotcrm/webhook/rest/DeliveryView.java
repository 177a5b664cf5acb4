package com.hotcrm.webhook.rest;

import java.time.OffsetDateTime;
import java.util.List;

import com.hotcrm.webhook.repository.DeliveryRepository.Attempt;
import com.hotcrm.webhook.repository.DeliveryRepository.DeliveryRow;

/**
 * One delivery of the log: its event, status ({@code pending}, {@code succeeded}, {@code failed}), how many
 * attempts, the last answer and its latency, when the next attempt is due, and every attempt.
 */
public record DeliveryView(String id, String webhookId, String eventId, String type, String object, String recordId,
        String status, int attempts, Integer lastResponseCode, Integer lastLatencyMs, String lastError,
        OffsetDateTime lastAttemptAt, OffsetDateTime nextAttemptAt, OffsetDateTime createdAt,
        OffsetDateTime completedAt, List<AttemptView> attemptHistory) {

    public record AttemptView(int attempt, OffsetDateTime attemptedAt, Integer responseCode, Integer latencyMs,
            String error) {
        static AttemptView of(Attempt a) {
            return new AttemptView(a.attempt(), a.attemptedAt(), a.responseCode(), a.latencyMs(), a.error());
        }
    }

    public record Page(List<DeliveryView> deliveries, long totalCount, boolean hasMore, int limit, int offset) {
    }

    static DeliveryView of(DeliveryRow d) {
        return new DeliveryView(d.id(), d.endpointId(), d.eventId(), d.eventType(), d.object(), d.recordId(), d.status(),
                d.attempts(), d.lastResponseCode(), d.lastLatencyMs(), d.lastError(), d.lastAttemptAt(),
                "pending".equals(d.status()) ? d.nextAttemptAt() : null, d.createdAt(), d.completedAt(),
                d.history().stream().map(AttemptView::of).toList());
    }
}
