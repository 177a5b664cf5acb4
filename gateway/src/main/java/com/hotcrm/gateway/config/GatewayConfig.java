package com.hotcrm.gateway.config;

import java.net.URI;
import java.time.Duration;

import com.hotcrm.gateway.routing.Upstream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "hotcrm.gateway")
public interface GatewayConfig {

    Upstreams upstreams();

    /** How long to wait for a connection to a service. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** How long a service may stay silent while answering before the gateway answers 504. */
    @WithDefault("30s")
    Duration responseTimeout();

    /** How long the gateway's health check waits for each service's readiness. */
    @WithDefault("2s")
    Duration healthTimeout();

    /** Connections kept to each service. */
    @WithDefault("200")
    int maxConnectionsPerService();

    interface Upstreams {
        URI auth();

        URI records();

        URI query();

        URI ai();

        URI webhook();
    }

    default URI url(Upstream upstream) {
        Upstreams u = upstreams();
        return switch (upstream) {
            case AUTH -> u.auth();
            case RECORDS -> u.records();
            case QUERY -> u.query();
            case AI -> u.ai();
            case WEBHOOK -> u.webhook();
        };
    }
}
