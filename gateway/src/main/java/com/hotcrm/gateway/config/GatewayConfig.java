package com.hotcrm.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.hotcrm.gateway.routing.Upstream;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.http.RequestOptions;

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

    /**
     * The longest request line (path and query string) the gateway forwards; a longer one is answered 414 in
     * the envelope. HTTP itself takes lines up to quarkus.http.limits.max-initial-line-length (larger).
     */
    @WithDefault("16384")
    int maxUriLength();

    /** Requests in flight to one service at once; more are answered 503 with Retry-After at once. */
    @WithDefault("256")
    int maxInFlightPerService();

    /**
     * Proxies (CIDR networks) whose X-Forwarded-For is believed: only when the connection comes from one
     * of them is the client the rightmost address of that header that is not a trusted proxy itself.
     * Otherwise, and by default, the client is the connection's peer, whatever the request claims.
     */
    Optional<List<String>> trustedProxies();

    Auth auth();

    RateLimit rateLimit();

    Breaker breaker();

    Idempotency idempotency();

    interface Idempotency {
        /** How long the first answer to a request with an Idempotency-Key is kept and replayed. */
        @WithDefault("24h")
        Duration keep();

        /**
         * How long a key whose request is running holds before a retry may take it over (its gateway died before
         * storing the answer). Longer than the response timeout, so that a live request is never run twice.
         */
        @WithDefault("2m")
        Duration lease();

        /** The largest body a request with a key may have (it is read whole, to compare retries with it). */
        @WithDefault("10M")
        MemorySize maxBody();

        /** How long a claim of a key may take before the request is answered 503 (the database not answering). */
        @WithDefault("2s")
        Duration storeTimeout();

        /** How often expired keys are deleted. */
        @WithDefault("10m")
        Duration pruneEvery();
    }

    interface Auth {
        /** Timeout of the gateway's own calls to auth-service (JWKS, API-token exchange). */
        @WithDefault("2s")
        Duration timeout();

        /** A token with an unknown key id refetches the JWKS at most this often. */
        @WithDefault("10s")
        Duration jwksMinRefetchInterval();

        /** The JWKS is refreshed in the background when older than this. */
        @WithDefault("10m")
        Duration jwksMaxAge();

        /** How long an API token's exchange is reused: a revoked API token stops working within it. */
        @WithDefault("60s")
        Duration apiTokenCacheTtl();

        /**
         * How long an API token auth-service refused stays refused here without asking again, so that a
         * repeated bad token never reaches auth-service.
         */
        @WithDefault("30s")
        Duration apiTokenFailureCacheTtl();
    }

    interface RateLimit {
        /** redis://host:port; when absent, each gateway counts in process. */
        Optional<String> redisUrl();

        /** Past this, a request is counted in process instead (Redis down or slow). */
        @WithDefault("250ms")
        Duration redisTimeout();

        /** The tiers' budgets are per this window (the seed: per hour). */
        @WithDefault("1h")
        Duration window();

        /** Attempts at POST /v1/auth/token and /v1/auth/refresh per client IP and login window. */
        @WithDefault("30")
        long loginAttemptsPerIp();

        @WithDefault("1m")
        Duration loginWindow();

        /**
         * Refused API tokens per client IP and failed-API-token window; past it, that client's API tokens
         * are answered 429 without asking auth-service (random {@code hcrm_} strings cannot hammer it).
         */
        @WithDefault("20")
        long failedApiTokensPerIp();

        @WithDefault("1m")
        Duration failedApiTokenWindow();
    }

    interface Breaker {
        /** Calls a service's circuit breaker looks at before it may open. */
        @WithDefault("10")
        int requestVolumeThreshold();

        /** Share of those calls failing (no connection, no answer in time) that opens it. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long it stays open (answering 503 at once) before letting a trial call through. */
        @WithDefault("5s")
        Duration delay();
    }

    interface Upstreams {
        URI auth();

        URI records();

        URI query();

        URI ai();

        URI webhook();
    }

    /** Where to reach a service: its host, port (80 or 443 when the URL names none) and whether over TLS. */
    default RequestOptions origin(Upstream upstream) {
        URI url = url(upstream);
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        return new RequestOptions().setHost(url.getHost()).setPort(url.getPort() > 0 ? url.getPort() : (tls ? 443 : 80))
                .setSsl(tls);
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
