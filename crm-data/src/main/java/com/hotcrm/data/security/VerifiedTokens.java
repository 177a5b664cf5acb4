package com.hotcrm.data.security;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The services' token parser: SmallRye JWT's, which checks the signature against auth-service's keys, the
 * issuer, the audience and the expiry, with each access token it accepted remembered (up to 50,000, each at
 * most {@link #REMEMBERED} and never past its expiry). A client sends the same token with every request
 * until it expires; verifying it again each time (RSA, JSON, a hop to a worker thread) was about a tenth of
 * a get by id's CPU in records-service. A refused token is not remembered: it is checked again every time.
 * A key retired at auth-service stops being honoured for tokens seen before within {@link #REMEMBERED}
 * (SmallRye itself keeps the key set an hour).
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifiedTokens extends DefaultJWTParser {

    static final Duration REMEMBERED = Duration.ofMinutes(5);

    private final Cache<String, JsonWebToken> verified = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(REMEMBERED)
            .build();

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = remembered(token);
        if (known != null) {
            return known;
        }
        JsonWebToken fresh = super.parse(token);
        verified.put(token, fresh);
        return fresh;
    }

    /**
     * The token as verified before, if it was and has not expired since; else null (then only {@link #parse} can
     * tell). Nothing here blocks: {@link RememberedIdentities} asks it on the event loop.
     */
    public JsonWebToken remembered(String token) {
        JsonWebToken known = verified.getIfPresent(token);
        return known != null && known.getExpirationTime() > System.currentTimeMillis() / 1000 ? known : null;
    }
}
