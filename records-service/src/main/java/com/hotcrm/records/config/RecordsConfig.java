package com.hotcrm.records.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "hotcrm.records")
public interface RecordsConfig {

    Outbox outbox();

    Changes changes();

    UserResync userResync();

    interface UserResync {
        /** How often every user is read from auth-service and upserted (besides once at start). */
        @WithDefault("10m")
        Duration interval();
    }

    /** The change feed, {@code GET /v1/changes}, read from the outbox. */
    interface Changes {
        /**
         * How long a change stays in the feed: sent events are pruned past this (or {@code outbox.retention}, if
         * longer), and a cursor that a pruned change followed answers 410 (the client resyncs).
         */
        @WithDefault("P7D")
        Duration retention();

        /** How often committed changes are given their feed position (how far the feed trails a commit). */
        @WithDefault("200ms")
        Duration sequenceInterval();

        /** Rows numbered per round trip of the sequencer; a full batch is followed by the next at once. */
        @WithDefault("5000")
        int sequenceBatch();
    }

    interface Outbox {
        /** How long the relay waits before looking again when the outbox was empty. */
        @WithDefault("200ms")
        Duration pollInterval();

        /** Events published per round trip. */
        @WithDefault("500")
        int batchSize();

        /** How long a sent event is kept for inspection before it is pruned. */
        @WithDefault("P7D")
        Duration retention();

        /** How long a round waits for Kafka before it counts as failed and is retried after a backoff. */
        @WithDefault("10s")
        Duration publishTimeout();

        /** How often sent events past the retention are pruned. */
        @WithDefault("1h")
        Duration pruneInterval();
    }
}
