package com.hotcrm.webhook.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "hotcrm.webhooks")
public interface WebhookConfig {

    /** Whether plain-http URLs are accepted for every host (local use only). */
    @WithDefault("false")
    boolean allowHttp();

    /**
     * Host names and networks (CIDR) that subscribers may use even though they are loopback, private,
     * link-local or metadata addresses; plain http is accepted for them too.
     */
    Optional<List<String>> allowedHosts();

    /** Ports subscriber URLs may use (explicit, or 443/80 by scheme), for every host; none means any. */
    Optional<List<Integer>> allowedPorts();

    /** Any high-entropy text; its SHA-256 is the AES-256 key that encrypts the signing secrets at rest. */
    String secretKey();

    /**
     * How often each replica compares its in-memory copy of the active webhooks with the table, reloading when
     * they differ: the fallback for a change whose NOTIFY it missed (a replica on a hot standby hears none).
     */
    @WithDefault("5s")
    Duration registryPollInterval();

    Delivery delivery();

    interface Delivery {
        /** A subscriber has this long to answer (connecting included). */
        @WithDefault("10s")
        Duration timeout();

        /** Waits between attempts: attempt n+1 follows a failed attempt n after the n-th (with jitter). */
        @WithDefault("5s,5m,30m,2h,5h,10h,10h")
        List<Duration> retrySchedule();

        /** Share of each wait added or taken away at random, so retries of many deliveries spread out. */
        @WithDefault("0.2")
        double jitter();

        /** An endpoint whose every attempt failed for this long is disabled. */
        @WithDefault("P5D")
        Duration disableAfter();

        /** Deliveries in flight at once, per replica. */
        @WithDefault("128")
        int maxConcurrency();

        /** Deliveries in flight at once to one endpoint, per replica. */
        @WithDefault("16")
        int maxPerEndpoint();

        /** How often an idle worker looks for due deliveries (new events wake it at once). */
        @WithDefault("500ms")
        Duration pollInterval();

        /** How long finished deliveries stay in the delivery log. */
        @WithDefault("P30D")
        Duration retention();
    }
}
