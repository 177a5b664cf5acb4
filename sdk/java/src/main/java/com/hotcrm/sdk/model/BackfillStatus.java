package com.hotcrm.sdk.model;

import java.time.Instant;
import java.util.Map;

/**
 * {@code POST /ai/models/backfill} and {@code GET /ai/models/backfill}: how far the outcome store's backfill on that
 * replica got. {@code state} is {@code running}, {@code done}, {@code failed} (with the {@code error}), or
 * {@code never run}; {@code stored} counts the records stored per object ({@code Account}, {@code Opportunity}...),
 * the {@code pages} read and the records {@code skipped}.
 */
public record BackfillStatus(String state, Instant startedAt, Instant finishedAt, Map<String, Long> stored,
        String error) {
}
