package com.hotcrm.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Future;

/**
 * The sliding window in this process: for a single gateway without Redis, and as the fallback while
 * Redis cannot be reached. Same semantics as {@link RedisRateLimiter}, but each replica counts alone.
 */
public class LocalRateLimiter implements RateLimiter {

    private static final class Counters {
        long window;
        long previous;
        long current;
    }

    private final Map<String, Counters> counters = new ConcurrentHashMap<>();

    @Override
    public Future<Decision> acquire(String key, long limit, Duration window) {
        return Future.succeededFuture(acquireNow(key, limit, window.toMillis(), System.currentTimeMillis()));
    }

    Decision acquireNow(String key, long limit, long windowMillis, long now) {
        long index = SlidingWindow.windowIndex(now, windowMillis);
        Counters c = counters.computeIfAbsent(key + "|" + windowMillis, k -> new Counters());
        synchronized (c) {
            if (c.window != index) {
                c.previous = c.window == index - 1 ? c.current : 0;
                c.current = 0;
                c.window = index;
            }
            boolean allowed = SlidingWindow.used(c.previous, c.current, windowMillis, now % windowMillis) < limit;
            if (allowed) {
                c.current++;
            }
            if (counters.size() > 200_000) {
                counters.entrySet().removeIf(e -> e.getValue().window < index - 1);
            }
            return SlidingWindow.decision(allowed, limit, c.previous, c.current, windowMillis, now);
        }
    }
}
