package com.hotcrm.platform.security;

import java.time.Duration;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.hotcrm.platform.error.CrmException;

/** Who is calling, read from the verified access token the gateway forwarded. */
public record Caller(String userId, String email, Set<String> roles, RateLimitTier tier, String apiTokenId) {

    /**
     * The callers read so far, by their token's text: a token's claims never change, and SmallRye JWT answers a
     * claim that is not one of the standard ones ({@code tier}, {@code tid}) by throwing and catching an exception
     * inside {@code getClaim}, whose stack trace was about 5 % of records-service's CPU on a get by id. Only what
     * the token says is remembered here; whether it is still valid is the token parser's business, checked on
     * every request before this is reached.
     */
    private static final Cache<String, Caller> BY_TOKEN = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    /** The caller of the current request; 401 when the request carried no verified token. */
    public static Caller of(JsonWebToken jwt) {
        if (jwt == null || jwt.getSubject() == null) {
            throw CrmException.authentication("Authentication required: send Authorization: Bearer <token>");
        }
        String raw = jwt.getRawToken();
        return raw == null ? read(jwt) : BY_TOKEN.get(raw, ignored -> read(jwt));
    }

    private static Caller read(JsonWebToken jwt) {
        String tier = jwt.getClaim(TokenClaims.TIER);
        Set<String> groups = jwt.getGroups();
        // remembered and shared across requests: its own unmodifiable copy
        return new Caller(jwt.getSubject(), jwt.getClaim(TokenClaims.EMAIL), groups == null ? Set.of() : Set.copyOf(groups),
                RateLimitTier.parse(tier).orElse(RateLimitTier.STANDARD), jwt.getClaim(TokenClaims.API_TOKEN_ID));
    }
}
