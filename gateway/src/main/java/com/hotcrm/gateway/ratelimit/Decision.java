package com.hotcrm.gateway.ratelimit;

/**
 * Whether a request may pass, and the values of the X-RateLimit-* headers: {@code resetEpochSecond} is
 * when the current window ends; {@code retryAfterSeconds} is set when refused.
 */
public record Decision(boolean allowed, long limit, long remaining, long resetEpochSecond, long retryAfterSeconds) {
}
