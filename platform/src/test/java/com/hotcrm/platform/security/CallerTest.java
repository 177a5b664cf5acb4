package com.hotcrm.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import com.hotcrm.platform.error.CrmException;

/** A caller is read from its token's claims once per token, and each token gives its own caller. */
class CallerTest {

    @Test
    void eachTokenGivesItsOwnCallerAndIsReadOnce() {
        Token rep = new Token("token-rep-" + System.nanoTime(), "user-rep", "rep@example.com", Set.of(Roles.SALES_REP), "premium", null);
        Token admin = new Token("token-admin-" + System.nanoTime(), "user-admin", "admin@example.com", Set.of(Roles.ADMIN), null, "tok-1");

        Caller first = Caller.of(rep);
        assertEquals(new Caller("user-rep", "rep@example.com", Set.of(Roles.SALES_REP), RateLimitTier.PREMIUM, null), first);
        assertEquals(first, Caller.of(rep));
        assertEquals(first, Caller.of(rep));
        assertEquals(1, rep.customReads.get(), "the custom claims are read once for a token");

        Caller other = Caller.of(admin);
        assertEquals("user-admin", other.userId());
        assertEquals(RateLimitTier.STANDARD, other.tier());
        assertEquals("tok-1", other.apiTokenId());
        assertEquals(true, other.isAdmin());
        assertEquals(false, first.isAdmin());
    }

    @Test
    void aTokenWithoutItsTextIsReadEachTime() {
        Token bare = new Token(null, "user-x", null, Set.of(), "enterprise", null);
        assertEquals(RateLimitTier.ENTERPRISE, Caller.of(bare).tier());
        assertNull(Caller.of(bare).email());
        assertEquals(2, bare.customReads.get());
    }

    @Test
    void noSubjectIsUnauthenticated() {
        assertThrows(CrmException.class, () -> Caller.of(null));
        assertThrows(CrmException.class, () -> Caller.of(new Token("t-" + System.nanoTime(), null, null, Set.of(), null, null)));
    }

    /** A verified token as SmallRye JWT presents it: claims by name. */
    private static final class Token implements JsonWebToken {
        final Map<String, Object> claims = new HashMap<>();
        final AtomicInteger customReads = new AtomicInteger();

        Token(String raw, String subject, String email, Set<String> groups, String tier, String tokenId) {
            put(Claims.raw_token.name(), raw);
            put(Claims.sub.name(), subject);
            put(Claims.email.name(), email);
            put(Claims.groups.name(), groups);
            put(TokenClaims.TIER, tier);
            put(TokenClaims.API_TOKEN_ID, tokenId);
        }

        private void put(String name, Object value) {
            if (value != null) {
                claims.put(name, value);
            }
        }

        @Override
        public String getName() {
            return getSubject();
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            if (TokenClaims.TIER.equals(claimName)) {
                customReads.incrementAndGet();
            }
            return (T) claims.get(claimName);
        }
    }
}
