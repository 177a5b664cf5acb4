package com.hotcrm.records.rest;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.hotcrm.platform.json.StrictJson;

/**
 * {@code PUT /v1/metadata/permissions/{object}}: what changes, nothing else. Flags not given keep their value;
 * field rules not given stay. Field names are checked against the object's metadata by the service.
 *
 * @param sharing who sees whose records
 * @param roles per role (never admin, which has every permission), the flags to set
 * @param fields per field, per role: {@code hidden}, {@code read_only} or {@code visible}
 */
@StrictJson
@Schema(additionalProperties = Schema.False.class)
public record PermissionChanges(
        @Pattern(regexp = "public_read_write|public_read_only|private",
                message = "sharing must be public_read_write, public_read_only or private") String sharing,
        Map<@NotNull @Pattern(regexp = PermissionChanges.ROLES, message = PermissionChanges.ROLE_MESSAGE) String,
                @NotNull(message = "Send the flags to set, such as \"delete\": false") @Valid Flags> roles,
        Map<String, @NotNull(message = "Send each role's access to the field: hidden, read_only or visible")
                Map<@NotNull @Pattern(regexp = PermissionChanges.ROLES, message = PermissionChanges.ROLE_MESSAGE) String,
                        @NotNull(message = PermissionChanges.LEVEL_MESSAGE)
                        @Pattern(regexp = "hidden|read_only|visible", message = PermissionChanges.LEVEL_MESSAGE) String>> fields) {

    /** The roles whose permissions can change: all but admin. */
    static final String ROLES = "sales_manager|sales_rep|support_agent|read_only";
    static final String ROLE_MESSAGE = "Roles here are sales_manager, sales_rep, support_agent, read_only;"
            + " the admin role always has every permission and sees every field";
    static final String LEVEL_MESSAGE = "A field is hidden, read_only or visible for a role";

    /** A role's permissions on the object; a flag left out keeps its value. */
    @StrictJson
    @Schema(name = "PermissionFlags", additionalProperties = Schema.False.class)
    public record Flags(Boolean read, Boolean create, Boolean edit, Boolean delete, Boolean viewAll, Boolean modifyAll) {
    }
}
