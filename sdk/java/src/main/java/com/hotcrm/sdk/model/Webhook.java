package com.hotcrm.sdk.model;

import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription. {@code secret} is set only in the answer that made it (a create, or a rotation):
 * keep it then, to verify deliveries with {@link com.hotcrm.sdk.WebhookVerifier}.
 */
public record Webhook(String id, String name, String object, List<String> events, String url, boolean active,
        String disabledReason, Instant disabledAt, String ownerId, Instant createdAt, Instant updatedAt,
        String secret) {
}
