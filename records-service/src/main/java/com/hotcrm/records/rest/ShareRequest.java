package com.hotcrm.records.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.hotcrm.platform.json.StrictJson;

/**
 * {@code POST /v1/metadata/shares}: share a record with a user.
 *
 * @param access {@code read} (the default) or {@code edit}
 */
@StrictJson
@Schema(additionalProperties = Schema.False.class)
public record ShareRequest(
        @NotBlank(message = "recordId must be the id of a record") String recordId,
        @NotNull(message = "userId must be the id of a user (usr_...)")
        @Pattern(regexp = "usr_[0-9A-Za-z]{1,64}", message = "userId must be the id of a user (usr_...)") String userId,
        @Pattern(regexp = "read|edit", message = "access must be read or edit") String access) {

    /** The access to grant: {@code read} unless the request says {@code edit}. */
    public String accessOrDefault() {
        return access == null ? "read" : access;
    }
}
