package com.hotcrm.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.Ports;
import com.hotcrm.devstack.redis.RedisLocator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;

/** Over the real Redis: two limiters with their own connections, as two gateway replicas would have. */
class RedisRateLimiterTest {

    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    static RedisRateLimiter limiter(String url, Counter fallbacks) {
        RedisAPI api = RedisAPI.api(Redis.createClient(vertx, new RedisOptions().setConnectionString(url)));
        return new RedisRateLimiter(vertx, api, new LocalRateLimiter(), Duration.ofMillis(500), fallbacks);
    }

    static Decision await(RedisRateLimiter limiter, String key, long limit) throws Exception {
        return limiter.acquire(key, limit, Duration.ofHours(1)).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void twoReplicasShareOneBudget() throws Exception {
        String url = RedisLocator.locate(System.getenv())
                .orElseThrow(() -> new IllegalStateException("These tests need Redis: start it or set HOTCRM_REDIS_URL"));
        Counter fallbacks = new SimpleMeterRegistry().counter("fallbacks");
        RedisRateLimiter first = limiter(url, fallbacks);
        RedisRateLimiter second = limiter(url, fallbacks);
        String key = "test:" + UUID.randomUUID();
        for (int i = 1; i <= 1000; i++) {
            Decision decision = await(i % 2 == 0 ? first : second, key, 1000);
            assertTrue(decision.allowed(), "request " + i);
            assertEquals(1000 - i, decision.remaining(), "request " + i);
        }
        Decision refused = await(first, key, 1000);
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertTrue(refused.retryAfterSeconds() >= 1);
        assertFalse(await(second, key, 1000).allowed());
        assertEquals(0.0, fallbacks.count(), "every decision came from Redis");
    }

    @Test
    void withRedisDownRequestsAreCountedInProcessAndStillLimited() throws Exception {
        Counter fallbacks = new SimpleMeterRegistry().counter("fallbacks");
        RedisRateLimiter limiter = limiter("redis://127.0.0.1:" + Ports.free(), fallbacks);
        String key = "down:" + UUID.randomUUID();
        for (int i = 1; i <= 3; i++) {
            assertTrue(await(limiter, key, 3).allowed(), "request " + i);
        }
        assertFalse(await(limiter, key, 3).allowed());
        assertEquals(4.0, fallbacks.count());
    }
}
