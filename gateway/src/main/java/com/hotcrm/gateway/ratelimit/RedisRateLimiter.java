package com.hotcrm.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

/**
 * The sliding window counted atomically in Redis by one Lua script, so that every gateway replica draws
 * on the same budget. If Redis does not answer within the timeout, the request is counted by the
 * in-process limiter instead: the gateway keeps serving (and keeps limiting, per replica), logs it at most
 * every 30 s, and counts it in {@code hotcrm_gateway_ratelimit_redis_fallback_total}.
 */
public class RedisRateLimiter implements RateLimiter {

    private static final Logger LOG = Logger.getLogger(RedisRateLimiter.class);

    static final String SCRIPT = """
            local prev = tonumber(redis.call('GET', KEYS[2]) or '0')
            local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
            local limit = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local elapsed = tonumber(ARGV[3])
            if math.floor(prev * (window - elapsed) / window) + cur >= limit then
              return {0, prev, cur}
            end
            cur = redis.call('INCR', KEYS[1])
            if cur == 1 then redis.call('PEXPIRE', KEYS[1], window * 2) end
            return {1, prev, cur}
            """;

    private final Vertx vertx;
    private final RedisAPI redis;
    private final LocalRateLimiter fallback;
    private final long timeoutMillis;
    private final Counter fallbacks;
    private final AtomicLong lastWarning = new AtomicLong();

    public RedisRateLimiter(Vertx vertx, RedisAPI redis, LocalRateLimiter fallback, Duration timeout, Counter fallbacks) {
        this.vertx = vertx;
        this.redis = redis;
        this.fallback = fallback;
        this.timeoutMillis = timeout.toMillis();
        this.fallbacks = fallbacks;
    }

    @Override
    public Future<Decision> acquire(String key, long limit, Duration window) {
        long now = System.currentTimeMillis();
        long windowMillis = window.toMillis();
        long index = SlidingWindow.windowIndex(now, windowMillis);
        // one hash tag per key: both counters live on the same Redis Cluster slot
        String base = "hotcrm:rl:{" + key + "}:" + windowMillis + ":";
        Future<Response> call = redis.eval(List.of(SCRIPT, "2", base + index, base + (index - 1),
                Long.toString(limit), Long.toString(windowMillis), Long.toString(now % windowMillis)));
        return withTimeout(call).map(r -> SlidingWindow.decision(r.get(0).toLong() == 1, limit, r.get(1).toLong(),
                r.get(2).toLong(), windowMillis, now))
                .recover(failure -> {
                    fallbacks.increment();
                    long last = lastWarning.get();
                    if (now - last > 30_000 && lastWarning.compareAndSet(last, now)) {
                        LOG.warnf("Redis rate limiting unavailable (%s): counting in this gateway only until it is back",
                                failure.toString());
                    }
                    return fallback.acquire(key, limit, window);
                });
    }

    private Future<Response> withTimeout(Future<Response> call) {
        Promise<Response> promise = Promise.promise();
        long timer = vertx.setTimer(timeoutMillis, id -> promise.tryFail(new TimeoutException("Redis did not answer in "
                + timeoutMillis + " ms")));
        call.onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.succeeded()) {
                promise.tryComplete(result.result());
            } else {
                promise.tryFail(result.cause());
            }
        });
        return promise.future();
    }
}
