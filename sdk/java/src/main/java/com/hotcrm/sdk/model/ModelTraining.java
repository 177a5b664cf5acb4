package com.hotcrm.sdk.model;

import java.time.Instant;
import java.util.Map;

/**
 * {@code POST /ai/models/{name}/train}: the new version as {@code GET /ai/models} lists it, with {@code trained}
 * true; or {@code trained} false and the {@code reason} (too few outcomes), the other values then null.
 */
public record ModelTraining(String name, boolean trained, String reason, Integer version, Instant trainedAt,
        Integer rows, Map<String, Object> metrics, Map<String, Object> baseline) {
}
