package com.hotcrm.sdk.model;

import java.time.Instant;

/**
 * An API token. {@code token} (the secret, {@code hcrm_<prefix>_<secret>}) is set only in the answer that made
 * it; use it as a client's {@code apiKey}.
 */
public record ApiToken(String id, String userId, String name, String prefix, String tier, Instant createdAt,
        Instant expiresAt, Instant lastUsedAt, String token) {
}
