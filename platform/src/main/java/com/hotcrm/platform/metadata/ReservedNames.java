package com.hotcrm.platform.metadata;

import java.util.Set;

/**
 * The names the API keeps for itself (DESIGN.md, "Gateway routes"), in one place: the gateway routes by them
 * and records-service refuses an object that would take one.
 */
public final class ReservedNames {

    /** First path segments under /v1 that belong to the API itself, never to an object. */
    public static final Set<String> OBJECT_PATHS = Set.of("auth", "users", "metadata", "batch", "query", "ai",
            "webhooks", "admin", "composite", "changes", "openapi.json");

    /** Second path segments that name an aggregation, never a record id. */
    public static final Set<String> RECORD_IDS = Set.of("count", "sum", "avg", "groupby");

    private ReservedNames() {
    }
}
