package com.hotcrm.records.rest;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.platform.json.StrictJson;
import com.hotcrm.platform.metadata.FieldType;
import com.hotcrm.platform.metadata.Naming;

/**
 * A custom field as {@code POST /v1/metadata/objects/{name}/fields} and a new object's {@code fields} take it.
 * What depends on the type or on other objects (a picklist's values, a lookup's target, a scale on a number) is
 * checked by the metadata service.
 *
 * @param referenceTo a lookup's target object: {@code "Account"} (or {@code ["Account"]})
 * @param onDelete a lookup's rule when its target is deleted: {@code restrict}, {@code cascade} or {@code setNull}
 * @param defaultValue a value of the field's type
 */
@StrictJson
@Schema(additionalProperties = Schema.False.class)
public record FieldDefinition(
        @NotNull(message = NAME) @Pattern(regexp = Naming.CUSTOM_API_NAME, message = NAME) String name,
        @NotNull(message = TYPE) @Pattern(regexp = FieldType.DEFINABLE, message = TYPE) String type,
        @Size(max = 255, message = "label must be at most 255 characters") String label,
        Boolean required, Boolean indexed, Boolean unique,
        @Min(value = 1, message = LENGTH) @Max(value = 100000, message = LENGTH) Integer length,
        @Min(value = 0, message = SCALE) @Max(value = 8, message = SCALE) Integer scale,
        BigDecimal min, BigDecimal max,
        @Size(min = 1, max = 1000, message = "picklistValues must hold 1 to 1000 values")
        List<@NotBlank(message = "A picklist value is a non-empty string") String> picklistValues,
        JsonNode referenceTo,
        @Pattern(regexp = "(?i)restrict|cascade|setNull|set_null", message = "onDelete must be restrict, cascade or setNull")
        String onDelete,
        @Pattern(regexp = FieldDefinition.CHILD_RELATIONSHIP, message = FieldDefinition.CHILD_RELATIONSHIP_MESSAGE)
        String childRelationshipName,
        JsonNode defaultValue) {

    static final String NAME = "Field names are PascalCase ending in __c, like Budget__c";
    static final String TYPE = "type must be one of text, textarea, email, phone, url, number, currency, percent, boolean, "
            + "date, datetime, picklist, multipicklist, lookup";
    static final String LENGTH = "length must be between 1 and 100000";
    static final String SCALE = "scale (0 to 8) is for number, currency and percent fields";
    /** A child relationship's name, as given or as made from the owner's plural label (checked then too). */
    public static final String CHILD_RELATIONSHIP = "[A-Z][A-Za-z0-9_]{0,60}";
    public static final String CHILD_RELATIONSHIP_MESSAGE = "childRelationshipName must be PascalCase";

    public FieldType fieldType() {
        return FieldType.parse(type).orElseThrow();
    }

    /** The lookup's target as a name, from either form; null when absent or not one name. */
    public String target() {
        if (referenceTo == null) {
            return null;
        }
        if (referenceTo.isTextual()) {
            return referenceTo.asText();
        }
        return referenceTo.isArray() && referenceTo.size() == 1 && referenceTo.get(0).isTextual()
                ? referenceTo.get(0).asText() : null;
    }
}
