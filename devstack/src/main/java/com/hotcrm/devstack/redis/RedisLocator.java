package com.hotcrm.devstack.redis;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import com.hotcrm.devstack.Ports;

/**
 * Finds the Redis the suite uses: {@code HOTCRM_REDIS_URL} when set, else 127.0.0.1:6379 when something
 * listens there, else none (the features that need Redis then fall back as their docs say).
 */
public final class RedisLocator {

    public static final String LOCAL = "redis://127.0.0.1:6379";

    private RedisLocator() {
    }

    public static Optional<String> locate(Map<String, String> env) {
        String url = env.get("HOTCRM_REDIS_URL");
        if (url != null && !url.isBlank()) {
            return Optional.of(url);
        }
        URI local = URI.create(LOCAL);
        return Ports.listening(local.getHost(), local.getPort()) ? Optional.of(LOCAL) : Optional.empty();
    }
}
