package com.hotcrm.gateway.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.gateway.config.GatewayConfig;
import com.hotcrm.platform.security.TokenHash;

import io.vertx.core.Future;

/**
 * API tokens are exchanged once with auth-service for a short-lived access token, cached (under the
 * token's SHA-256, never the token itself) for at most {@code api-token-cache-ttl} and never past the
 * access token's expiry: a revoked API token stops working within that time.
 */
@ApplicationScoped
public class ApiTokenExchanger {

    private record Cached(Future<Identity> identity, long validUntilMillis) {
    }

    private final AuthServiceClient authService;
    private final TokenVerifier verifier;
    private final long cacheTtlMillis;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    ApiTokenExchanger(AuthServiceClient authService, TokenVerifier verifier, GatewayConfig config) {
        this.authService = authService;
        this.verifier = verifier;
        this.cacheTtlMillis = config.auth().apiTokenCacheTtl().toMillis();
    }

    public Future<Identity> identify(String apiToken) {
        String key = TokenHash.of(apiToken);
        long now = System.currentTimeMillis();
        Cached cached = cache.get(key);
        if (cached != null && cached.validUntilMillis() > now) {
            return cached.identity();
        }
        if (cache.size() > 100_000) {
            cache.entrySet().removeIf(e -> e.getValue().validUntilMillis() <= now);
        }
        Future<Identity> exchange = authService.exchange(apiToken).compose(answer -> {
            if (answer.status() == 200) {
                return verifier.verify(answer.body().getString("token"));
            }
            if (answer.status() == 401 || answer.status() == 400) {
                return Future.failedFuture(AuthFailure.unauthenticated("Invalid, expired or revoked API token"));
            }
            return Future.failedFuture(AuthFailure.unavailable("API tokens cannot be checked right now; try again shortly"));
        }, failure -> Future.failedFuture(failure instanceof AuthFailure ? failure
                : AuthFailure.unavailable("API tokens cannot be checked right now: auth-service is unavailable")));
        // concurrent requests with the same token share one exchange while it runs
        cache.put(key, new Cached(exchange, now + cacheTtlMillis));
        exchange.onComplete(result -> {
            if (result.succeeded()) {
                long tokenValid = result.result().expiresAtEpochSecond() * 1000 - 30_000;
                cache.put(key, new Cached(exchange, Math.min(now + cacheTtlMillis, tokenValid)));
            } else {
                cache.remove(key);
            }
        });
        return exchange;
    }

}
