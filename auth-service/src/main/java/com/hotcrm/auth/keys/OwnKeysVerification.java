package com.hotcrm.auth.keys;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import com.hotcrm.platform.security.TokenClaims;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;

/**
 * auth-service verifies the tokens it receives (for /v1/users and /v1/auth/api-tokens) against its own
 * published keys held in memory, instead of fetching its own JWKS over HTTP like the other services.
 */
public class OwnKeysVerification {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTAuthContextInfo verification(SigningKeys keys) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setPublicKeyContent(keys.jwksJson());
        info.setIssuedBy(TokenClaims.ISSUER);
        info.setExpectedAudience(Set.of(TokenClaims.AUDIENCE));
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        return info;
    }
}
