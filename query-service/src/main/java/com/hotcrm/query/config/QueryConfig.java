package com.hotcrm.query.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** query-service's settings ({@code hotcrm.query.*}; each is explained in {@code application.properties}). */
@ConfigMapping(prefix = "hotcrm.query")
public interface QueryConfig {

    /** Lists count matches exactly up to this many; past it totalCount is the planner's estimate. */
    @WithDefault("10000")
    int exactCountLimit();

    /** Above this many expected matches, a full page's totalCount is the planner's estimate without counting. */
    @WithDefault("50000")
    long estimateTrustedAbove();

    /** On a table of more rows than this, a list may only sort by an indexed field (or Id). */
    @WithDefault("50000")
    long unindexedSortMaxRows();

    /** How often the tables' row estimates are read from the catalog. */
    @WithDefault("30s")
    Duration tableSizeRefresh();

    /** Every statement's bound (the datasource's statement_timeout is set from it). */
    @WithDefault("10s")
    Duration statementTimeout();
}
