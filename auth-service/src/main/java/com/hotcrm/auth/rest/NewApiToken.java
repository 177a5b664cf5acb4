package com.hotcrm.auth.rest;

import java.time.OffsetDateTime;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.hotcrm.platform.json.StrictJson;
import com.hotcrm.platform.security.RateLimitTier;

/**
 * {@code POST /v1/auth/api-tokens}: a named token of the caller's. {@code tier} defaults to the caller's own and
 * may not exceed it; without {@code expiresAt} the token lives until revoked.
 */
@StrictJson
@Schema(additionalProperties = Schema.False.class)
public record NewApiToken(
        @NotBlank(message = "name is required") @Size(max = 100, message = "name must be at most 100 characters") String name,
        @Pattern(regexp = RateLimitTier.PATTERN, message = "tier must be Standard, Premium or Enterprise") String tier,
        @Future(message = "expiresAt must be in the future") OffsetDateTime expiresAt) {
}
