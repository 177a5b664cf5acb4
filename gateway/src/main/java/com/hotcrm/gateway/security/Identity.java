package com.hotcrm.gateway.security;

import com.hotcrm.platform.security.RateLimitTier;

/**
 * A verified caller: the access token forwarded to the services, and what rate limiting needs. API tokens
 * are counted per API token, password logins per user.
 */
public record Identity(String subject, RateLimitTier tier, String apiTokenId, String accessToken, long expiresAtEpochSecond) {

    public String rateLimitKey() {
        return apiTokenId != null ? "token:" + apiTokenId : "user:" + subject;
    }
}
