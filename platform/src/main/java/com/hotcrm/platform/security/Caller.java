package com.hotcrm.platform.security;

import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.platform.error.CrmException;

/** Who is calling, read from the verified access token the gateway forwarded. */
public record Caller(String userId, String email, Set<String> roles, RateLimitTier tier, String apiTokenId) {

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    /** The caller of the current request; 401 when the request carried no verified token. */
    public static Caller of(JsonWebToken jwt) {
        if (jwt == null || jwt.getSubject() == null) {
            throw CrmException.authentication("Authentication required: send Authorization: Bearer <token>");
        }
        String tier = jwt.getClaim(TokenClaims.TIER);
        return new Caller(jwt.getSubject(), jwt.getClaim(TokenClaims.EMAIL), jwt.getGroups(),
                RateLimitTier.parse(tier).orElse(RateLimitTier.STANDARD), jwt.getClaim(TokenClaims.API_TOKEN_ID));
    }
}
