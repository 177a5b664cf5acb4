package com.hotcrm.records.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "hotcrm.records")
public interface RecordsConfig {

    Outbox outbox();

    UserResync userResync();

    interface UserResync {
        /** How often every user is read from auth-service and upserted (besides once at start). */
        @WithDefault("10m")
        Duration interval();
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
    }
}
