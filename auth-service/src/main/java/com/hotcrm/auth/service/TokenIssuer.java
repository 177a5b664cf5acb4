package com.hotcrm.auth.service;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.auth.repository.User;
import com.hotcrm.auth.keys.SigningKeys;
import com.hotcrm.platform.security.TokenClaims;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Signs access tokens (RS256, {@code kid} = the current key's thumbprint). */
@ApplicationScoped
public class TokenIssuer {

    private final SigningKeys keys;

    TokenIssuer(SigningKeys keys) {
        this.keys = keys;
    }

    /**
     * @param tier       the rate-limit tier the token is counted under (the user's, or the API token's)
     * @param apiTokenId the API token this access token stands for, or null for a password login
     */
    public String accessToken(User user, String tier, Duration ttl, String apiTokenId) {
        return accessToken(user, tier, System.currentTimeMillis() / 1000 + ttl.toSeconds(), apiTokenId);
    }

    /** The same, expiring at a given instant (an exchanged token never outlives its API token). */
    public String accessToken(User user, String tier, long expiresAtEpochSecond, String apiTokenId) {
        long now = System.currentTimeMillis() / 1000;
        JwtClaimsBuilder claims = Jwt.issuer(TokenClaims.ISSUER)
                .audience(TokenClaims.AUDIENCE)
                .subject(user.id)
                .upn(user.email)
                .claim(TokenClaims.EMAIL, user.email)
                .groups(Set.of(user.role))
                .claim(TokenClaims.TIER, tier)
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(expiresAtEpochSecond);
        if (apiTokenId != null) {
            claims.claim(TokenClaims.API_TOKEN_ID, apiTokenId);
        }
        return claims.jws().keyId(keys.keyId()).algorithm(SignatureAlgorithm.RS256).sign(keys.privateKey());
    }
}
