package com.hotcrm.gateway.security;

import java.security.Key;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.hotcrm.gateway.config.GatewayConfig;
import com.hotcrm.platform.security.RateLimitTier;
import com.hotcrm.platform.security.TokenClaims;

import io.vertx.core.Future;

/**
 * Verifies access tokens locally: RS256 only (so {@code alg: none} and HMAC confusion fail), signed by a
 * key of auth-service's JWKS, our issuer and audience, not expired. The JWKS is cached; a token with an
 * unknown {@code kid} triggers one refetch (at most every {@code jwks-min-refetch-interval}), and the
 * cache is refreshed in the background when older than {@code jwks-max-age}.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

    private final AuthServiceClient authService;
    private final long minRefetchMillis;
    private final long maxAgeMillis;
    private final JwtConsumer consumer;

    private volatile Map<String, Key> keys = Map.of();
    private volatile long fetchedAt;
    private volatile Future<Map<String, Key>> inFlight;
    /**
     * Tokens whose signature and claims verified, until they expire: a client sends the same token for its
     * whole life, and verifying it again (RSA, JSON) was about an eighth of the gateway's CPU per request.
     * Emptied when the key set loses a key, so a retired key's tokens are checked again.
     */
    private final Cache<String, Identity> verified = Caffeine.newBuilder().maximumSize(50_000)
            .expireAfterWrite(Duration.ofMinutes(15)).build();

    TokenVerifier(AuthServiceClient authService, GatewayConfig config) {
        this.authService = authService;
        this.minRefetchMillis = config.auth().jwksMinRefetchInterval().toMillis();
        this.maxAgeMillis = config.auth().jwksMaxAge().toMillis();
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(TokenClaims.ISSUER)
                .setExpectedAudience(TokenClaims.AUDIENCE)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver((jws, nesting) -> {
                    Key key = keys.get(String.valueOf(jws.getKeyIdHeaderValue()));
                    if (key == null) {
                        throw new UnresolvableKeyException("unknown key id");
                    }
                    return key;
                })
                .build();
    }

    /** The verified caller, or a failed future with an {@link AuthFailure}. */
    public Future<Identity> verify(String token) {
        Identity known = verified.getIfPresent(token);
        if (known != null && known.expiresAtEpochSecond() > System.currentTimeMillis() / 1000) {
            return Future.succeededFuture(known);
        }
        String kid;
        try {
            kid = JsonWebStructure.fromCompactSerialization(token).getKeyIdHeaderValue();
        } catch (JoseException | RuntimeException e) {
            return Future.failedFuture(AuthFailure.unauthenticated("Malformed token: send the token from POST /v1/auth/token or an API token"));
        }
        // an unknown key: wait for the fetch under way (the first one at start, say) or start one, if allowed
        Future<Map<String, Key>> fetching = kid == null || keys.containsKey(kid) ? null : fetchFor(kid);
        if (fetching != null) {
            return fetching.compose(k -> Future.succeededFuture(check(token)), failure -> Future.failedFuture(
                    AuthFailure.unavailable("Tokens cannot be verified right now: auth-service is unavailable; try again shortly")));
        }
        if (System.currentTimeMillis() - fetchedAt >= maxAgeMillis) {
            refetch(); // in the background; this request uses the keys at hand
        }
        try {
            return Future.succeededFuture(check(token));
        } catch (AuthFailure failure) {
            return Future.failedFuture(failure);
        }
    }

    private Identity check(String token) {
        Identity identity = checkOnce(token);
        verified.put(token, identity);
        return identity;
    }

    private Identity checkOnce(String token) {
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            throw AuthFailure.unauthenticated(e.hasExpired()
                    ? "The token has expired: get a new one from POST /v1/auth/refresh or /v1/auth/token"
                    : "Invalid token: its signature, issuer or claims do not verify");
        }
        try {
            RateLimitTier tier = RateLimitTier.parse(claims.getClaimValueAsString(TokenClaims.TIER))
                    .orElse(RateLimitTier.STANDARD);
            return new Identity(claims.getSubject(), tier, claims.getClaimValueAsString(TokenClaims.API_TOKEN_ID),
                    token, claims.getExpirationTime().getValue());
        } catch (MalformedClaimException e) {
            throw AuthFailure.unauthenticated("Invalid token: malformed claims");
        }
    }

    /**
     * For a key id not among the keys: the fetch under way, a new one if the last is old enough, else null (the keys
     * at hand decide). Decided under the lock that {@link #refetch} sets the fetch and its time under, and that its
     * end sets the keys and clears the fetch under: the first requests after a start, on both event loops, all
     * wait for the first fetch (before, one could find its time set but not the fetch, and answer 401).
     */
    private synchronized Future<Map<String, Key>> fetchFor(String kid) {
        if (keys.containsKey(kid)) {
            return Future.succeededFuture(keys);
        }
        if (inFlight != null) {
            return inFlight;
        }
        return System.currentTimeMillis() - fetchedAt >= minRefetchMillis ? refetch() : null;
    }

    /** One JWKS fetch at a time; concurrent callers share it. */
    private synchronized Future<Map<String, Key>> refetch() {
        if (inFlight != null) {
            return inFlight;
        }
        fetchedAt = System.currentTimeMillis();
        Future<Map<String, Key>> fetch = authService.jwks().map(answer -> {
            if (answer.status() != 200) {
                throw new IllegalStateException("JWKS answered " + answer.status());
            }
            try {
                List<JsonWebKey> list = new JsonWebKeySet(answer.body().encode()).getJsonWebKeys();
                return list.stream().filter(k -> k.getKeyId() != null)
                        .collect(Collectors.toUnmodifiableMap(JsonWebKey::getKeyId, JsonWebKey::getKey, (a, b) -> a));
            } catch (JoseException e) {
                throw new IllegalStateException("JWKS is not a key set", e);
            }
        });
        inFlight = fetch;
        fetch.onComplete(result -> {
            synchronized (this) {
                if (result.succeeded()) {
                    if (!result.result().keySet().containsAll(keys.keySet())) {
                        verified.invalidateAll(); // a key was retired: its tokens are verified again
                    }
                    keys = result.result();
                }
                inFlight = null;
            }
            if (result.failed()) {
                LOG.warnf("Could not fetch auth-service's JWKS: %s", result.cause().getMessage());
            }
        });
        return fetch;
    }

}
