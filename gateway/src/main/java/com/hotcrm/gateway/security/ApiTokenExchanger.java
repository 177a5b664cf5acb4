package com.hotcrm.gateway.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.hotcrm.gateway.config.GatewayConfig;
import com.hotcrm.gateway.ratelimit.RateLimits;
import com.hotcrm.platform.security.TokenHash;

import io.vertx.core.Future;

/**
 * API tokens are exchanged once with auth-service for a short-lived access token, cached (under the
 * token's SHA-256, never the token itself) for at most {@code api-token-cache-ttl} and never past the
 * access token's expiry: a revoked API token stops working within that time. A token auth-service
 * refused is remembered as refused for {@code api-token-failure-cache-ttl}, and refusals are counted per
 * client address: past {@code failed-api-tokens-per-ip} in a window, that address's new API tokens are
 * answered 429 here, so neither a repeated nor a random {@code hcrm_} string keeps auth-service busy.
 */
@ApplicationScoped
public class ApiTokenExchanger {

    private static final Logger LOG = Logger.getLogger(ApiTokenExchanger.class);
    private static final String REFUSED = "Invalid, expired or revoked API token";

    private record Cached(Future<Identity> identity, long validUntilMillis, boolean refused) {
    }

    private final AuthServiceClient authService;
    private final TokenVerifier verifier;
    private final RateLimits rateLimits;
    private final long cacheTtlMillis;
    private final long failureCacheTtlMillis;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Client addresses over their budget of refused tokens, until when (this replica's knowledge). */
    private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();

    ApiTokenExchanger(AuthServiceClient authService, TokenVerifier verifier, RateLimits rateLimits,
            GatewayConfig config) {
        this.authService = authService;
        this.verifier = verifier;
        this.rateLimits = rateLimits;
        this.cacheTtlMillis = config.auth().apiTokenCacheTtl().toMillis();
        this.failureCacheTtlMillis = config.auth().apiTokenFailureCacheTtl().toMillis();
    }

    public Future<Identity> identify(String apiToken, String clientAddress) {
        String key = TokenHash.of(apiToken);
        long now = System.currentTimeMillis();
        Cached cached = cache.get(key);
        if (cached != null && cached.validUntilMillis() > now) {
            return cached.refused() ? refusal(clientAddress) : cached.identity();
        }
        Long blocked = blockedUntil.get(clientAddress);
        if (blocked != null && blocked > now) {
            return Future.failedFuture(tooMany((blocked - now + 999) / 1000));
        }
        if (cache.size() > 100_000) {
            cache.entrySet().removeIf(e -> e.getValue().validUntilMillis() <= now);
        }
        if (blockedUntil.size() > 100_000) {
            blockedUntil.entrySet().removeIf(e -> e.getValue() <= now);
        }
        Future<Identity> exchange = authService.exchange(apiToken).compose(answer -> {
            if (answer.status() == 200) {
                return verifier.verify(answer.body().getString("token"));
            }
            if (answer.status() == 401 || answer.status() == 400) {
                return Future.failedFuture(AuthFailure.unauthenticated(REFUSED));
            }
            return Future.failedFuture(AuthFailure.unavailable("API tokens cannot be checked right now; try again shortly"));
        }, failure -> Future.failedFuture(failure instanceof AuthFailure ? failure
                : AuthFailure.unavailable("API tokens cannot be checked right now: auth-service is unavailable")));
        // concurrent requests with the same token share one exchange while it runs
        cache.put(key, new Cached(exchange, now + cacheTtlMillis, false));
        exchange.onComplete(result -> {
            if (result.succeeded()) {
                long tokenValid = result.result().expiresAtEpochSecond() * 1000 - 30_000;
                cache.put(key, new Cached(exchange, Math.min(now + cacheTtlMillis, tokenValid), false));
            } else if (isRefusal(result.cause())) {
                cache.put(key, new Cached(exchange, now + failureCacheTtlMillis, true));
            } else {
                cache.remove(key); // auth-service could not answer: the next request asks again
            }
        });
        return exchange.recover(failure -> isRefusal(failure) ? refusal(clientAddress) : Future.failedFuture(failure));
    }

    private static boolean isRefusal(Throwable failure) {
        return failure instanceof AuthFailure auth && auth.status() == 401;
    }

    /** Counts a refused token against the client's address: 401, or 429 once it sent too many. */
    private Future<Identity> refusal(String clientAddress) {
        return rateLimits.forFailedApiToken(clientAddress).transform(counted -> {
            if (counted.succeeded() && !counted.result().allowed()) {
                long retryAfter = counted.result().retryAfterSeconds();
                Long before = blockedUntil.put(clientAddress, System.currentTimeMillis() + retryAfter * 1000);
                if (before == null) {
                    LOG.warnf("Too many refused API tokens from %s: its API tokens are refused for %d s",
                            clientAddress, retryAfter);
                }
                return Future.failedFuture(tooMany(retryAfter));
            }
            return Future.failedFuture(AuthFailure.unauthenticated(REFUSED));
        });
    }

    private static AuthFailure tooMany(long retryAfterSeconds) {
        return AuthFailure.rateLimited("Too many invalid API tokens from your address; retry after "
                + retryAfterSeconds + " seconds", Math.max(1, retryAfterSeconds));
    }
}
