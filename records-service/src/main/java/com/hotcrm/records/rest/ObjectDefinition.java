package com.hotcrm.records.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.hotcrm.platform.json.StrictJson;
import com.hotcrm.platform.metadata.Naming;

/**
 * {@code POST /v1/metadata/objects}: a custom object. {@code labelPlural} defaults to the label and an s,
 * {@code idPrefix} to one made from the name; whether the name, table, path or prefix is free is checked by the
 * metadata service under its DDL lock.
 */
@StrictJson
@Schema(additionalProperties = Schema.False.class)
public record ObjectDefinition(
        @NotNull(message = NAME) @Pattern(regexp = Naming.CUSTOM_API_NAME, message = NAME) String name,
        @NotBlank(message = "label is required") @Size(max = 255, message = "label must be at most 255 characters") String label,
        @Size(min = 1, max = 255, message = "labelPlural must be 1 to 255 characters") String labelPlural,
        @Pattern(regexp = "[a-z][a-z0-9]{1,7}", message = PREFIX) String idPrefix,
        @Size(max = 500, message = "An object is created with at most 500 fields")
        List<@NotNull(message = "A field definition must be a JSON object") @Valid FieldDefinition> fields) {

    static final String NAME = "name must be PascalCase letters and digits ending in __c, like Project__c";
    public static final String PREFIX = "idPrefix must be 2 to 8 lower-case letters or digits not used by another object";
}
