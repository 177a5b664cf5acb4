package com.hotcrm.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Future;

/**
 * {@code Authorization: Bearer <token>} where the token is an access token (a JWT from POST
 * /v1/auth/token) or an API token ({@code hcrm_...}).
 */
@ApplicationScoped
public class Authenticator {

    static final String API_TOKEN_PREFIX = "hcrm_";

    private final TokenVerifier verifier;
    private final ApiTokenExchanger apiTokens;

    Authenticator(TokenVerifier verifier, ApiTokenExchanger apiTokens) {
        this.verifier = verifier;
        this.apiTokens = apiTokens;
    }

    /** @param clientAddress who sent it (refused API tokens are limited per address) */
    public Future<Identity> authenticate(String authorization, String clientAddress) {
        if (authorization == null || authorization.isBlank()) {
            return Future.failedFuture(AuthFailure.unauthenticated(
                    "Authentication required: send Authorization: Bearer <token> (get one from POST /v1/auth/token)"));
        }
        String value = authorization.trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Future.failedFuture(AuthFailure.unauthenticated("Use the Bearer scheme: Authorization: Bearer <token>"));
        }
        String token = value.substring(7).trim();
        if (token.startsWith(API_TOKEN_PREFIX)) {
            return apiTokens.identify(token, clientAddress);
        }
        return verifier.verify(token);
    }
}
