package com.hotcrm.gateway.ratelimit;

import java.time.Duration;

import io.vertx.core.Future;

/** Counts one request against {@code key}'s budget of {@code limit} per {@code window}. */
public interface RateLimiter {

    Future<Decision> acquire(String key, long limit, Duration window);
}
