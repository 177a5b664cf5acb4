package com.hotcrm.auth.rest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
 * {@code PATCH /v1/users/{id}}: only the fields sent change. A field left out is null; one sent as
 * {@code null} is an empty Optional, which clears Title, Department, Language and ManagerId and is refused for
 * the fields a user must have.
 */
@StrictJson
@Schema(additionalProperties = Schema.False.class)
public record UserChanges(
        @JsonProperty("Name") Optional<@NotBlank(message = "Name must not be empty")
        @Size(max = 255, message = "Name must be at most 255 characters") String> name,
        @JsonProperty("Email") Optional<@NotBlank(message = "Email must not be empty")
        @Size(max = 255, message = "Email must be at most 255 characters")
        @Pattern(regexp = UserFields.EMAIL, message = UserFields.EMAIL_MESSAGE) String> email,
        @JsonProperty("Password") Optional<@NotNull(message = "Password must not be empty")
        @Size(min = UserFields.MIN_PASSWORD, message = UserFields.SHORT_PASSWORD)
        @Size(max = 200, message = "Password must be at most 200 characters") String> password,
        @JsonProperty("Role") Optional<@NotNull(message = UserFields.ROLE_MESSAGE)
        @Pattern(regexp = Roles.PATTERN, message = UserFields.ROLE_MESSAGE) String> role,
        @JsonProperty("RateLimitTier") Optional<@NotNull(message = UserFields.TIER_MESSAGE)
        @Pattern(regexp = RateLimitTier.PATTERN, message = UserFields.TIER_MESSAGE) String> rateLimitTier,
        @JsonProperty("Title") Optional<@Size(max = 255, message = "Title must be at most 255 characters") String> title,
        @JsonProperty("Department") Optional<@Size(max = 255, message = "Department must be at most 255 characters") String> department,
        @JsonProperty("Language") Optional<@Size(max = 10, message = "Language must be at most 10 characters") String> language,
        @JsonProperty("ManagerId") Optional<@Size(max = 80, message = "ManagerId must be at most 80 characters") String> managerId,
        @JsonProperty("IsActive") Optional<@NotNull(message = "IsActive must be true or false") Boolean> isActive) {

    /** The JSON names of the fields this request sets, sorted (their values stay in this record). */
    public List<String> sent() {
        Map<String, Optional<?>> fields = new TreeMap<>();
        fields.put("Name", name);
        fields.put("Email", email);
        fields.put("Password", password);
        fields.put("Role", role);
        fields.put("RateLimitTier", rateLimitTier);
        fields.put("Title", title);
        fields.put("Department", department);
        fields.put("Language", language);
        fields.put("ManagerId", managerId);
        fields.put("IsActive", isActive);
        return fields.entrySet().stream().filter(field -> field.getValue() != null).map(Map.Entry::getKey).toList();
    }
}
