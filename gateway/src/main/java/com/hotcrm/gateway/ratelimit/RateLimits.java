package com.hotcrm.gateway.ratelimit;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.hotcrm.gateway.config.GatewayConfig;
import com.hotcrm.gateway.security.Identity;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;

/**
 * The seed's per-token budgets (Standard 1000/h, Premium 10000/h, Enterprise unlimited), the per-IP
 * budget of the login endpoints and the per-IP budget of refused API tokens, counted in Redis when {@code HOTCRM_REDIS_URL} is set, else in process.
 */
@ApplicationScoped
public class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class);

    private final RateLimiter limiter;
    private final Duration window;
    private final long loginAttempts;
    private final Duration loginWindow;
    private final long failedApiTokens;
    private final Duration failedApiTokenWindow;

    RateLimits(Vertx vertx, GatewayConfig config, MeterRegistry registry) {
        GatewayConfig.RateLimit settings = config.rateLimit();
        this.window = settings.window();
        this.loginAttempts = settings.loginAttemptsPerIp();
        this.loginWindow = settings.loginWindow();
        this.failedApiTokens = settings.failedApiTokensPerIp();
        this.failedApiTokenWindow = settings.failedApiTokenWindow();
        LocalRateLimiter local = new LocalRateLimiter();
        this.limiter = settings.redisUrl().filter(url -> !url.isBlank()).<RateLimiter>map(url -> {
            Redis client = Redis.createClient(vertx, new RedisOptions()
                    .setConnectionString(url)
                    .setMaxPoolSize(32)
                    .setMaxPoolWaiting(1024));
            LOG.infof("Rate limits are counted in Redis at %s", url.replaceAll("//[^@]*@", "//***@"));
            return new RedisRateLimiter(vertx, RedisAPI.api(client), local, settings.redisTimeout(),
                    registry.counter("hotcrm.gateway.ratelimit.redis.fallback"));
        }).orElseGet(() -> {
            LOG.info("Rate limits are counted in this process (set HOTCRM_REDIS_URL to share them across replicas)");
            return local;
        });
    }

    /** Empty for the unlimited tier. */
    public Future<Decision> forToken(Identity identity) {
        var perWindow = identity.tier().perHour();
        if (perWindow.isEmpty()) {
            return Future.succeededFuture(null);
        }
        return limiter.acquire(identity.rateLimitKey(), perWindow.getAsLong(), window);
    }

    public Future<Decision> forLogin(String clientIp) {
        return limiter.acquire("login-ip:" + clientIp, loginAttempts, loginWindow);
    }

    /** Counts one refused API token from this client address. */
    public Future<Decision> forFailedApiToken(String clientIp) {
        return limiter.acquire("api-token-failures-ip:" + clientIp, failedApiTokens, failedApiTokenWindow);
    }
}
