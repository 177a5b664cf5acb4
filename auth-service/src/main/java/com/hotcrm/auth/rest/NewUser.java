package com.hotcrm.auth.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.hotcrm.platform.json.StrictJson;
import com.hotcrm.platform.security.RateLimitTier;
import com.hotcrm.platform.security.Roles;

/**
 * {@code POST /v1/users}: a user, with the User object's field names. RateLimitTier defaults to Standard and
 * IsActive to true.
 */
@StrictJson
@Schema(additionalProperties = Schema.False.class)
public record NewUser(
        @JsonProperty("Name") @NotBlank(message = "Name is required")
        @Size(max = 255, message = "Name must be at most 255 characters") String name,
        @JsonProperty("Email") @NotBlank(message = "Email is required")
        @Size(max = 255, message = "Email must be at most 255 characters")
        @Pattern(regexp = UserFields.EMAIL, message = UserFields.EMAIL_MESSAGE) String email,
        @JsonProperty("Password") @NotNull(message = "Password is required")
        @Size(min = UserFields.MIN_PASSWORD, message = UserFields.SHORT_PASSWORD)
        @Size(max = 200, message = "Password must be at most 200 characters") String password,
        @JsonProperty("Role") @NotNull(message = "Role is required")
        @Pattern(regexp = Roles.PATTERN, message = UserFields.ROLE_MESSAGE) String role,
        @JsonProperty("RateLimitTier")
        @Pattern(regexp = RateLimitTier.PATTERN, message = UserFields.TIER_MESSAGE) String rateLimitTier,
        @JsonProperty("Title") @Size(max = 255, message = "Title must be at most 255 characters") String title,
        @JsonProperty("Department") @Size(max = 255, message = "Department must be at most 255 characters") String department,
        @JsonProperty("Language") @Size(max = 10, message = "Language must be at most 10 characters") String language,
        @JsonProperty("ManagerId") @Size(max = 80, message = "ManagerId must be at most 80 characters") String managerId,
        @JsonProperty("IsActive") Boolean isActive) {
}
