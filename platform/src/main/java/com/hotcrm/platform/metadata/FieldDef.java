package com.hotcrm.platform.metadata;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One field of an object, as the metadata API shows it and the database stores it.
 *
 * @param referenceTo for lookups, the object(s) it may point at; more than one makes it polymorphic
 *        (Activity's WhatId), which has no foreign key and no dot-notation parent
 * @param relationshipName for lookups, the name of the parent in dot notation ({@code Account.Name})
 * @param childRelationshipName for lookups, the name of the children on the parent ({@code Opportunities})
 * @param scale decimal places kept for number, currency and percent fields
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldDef(String name, String label, FieldType type, boolean required, Integer length, Integer scale,
        BigDecimal min, BigDecimal max, List<String> picklistValues, List<String> referenceTo,
        String relationshipName, String childRelationshipName, OnDelete onDelete, boolean unique, boolean readOnly,
        boolean system, Object defaultValue, boolean indexed) {

    public FieldDef {
        picklistValues = picklistValues == null ? null : List.copyOf(picklistValues);
        referenceTo = referenceTo == null ? null : List.copyOf(referenceTo);
    }

    /** The table column that stores the field. */
    public String column() {
        return Naming.snakeCase(name);
    }

    public boolean isLookup() {
        return type == FieldType.LOOKUP;
    }

    /**
     * A lookup to exactly one object with a relationship: it has a foreign key, an on-delete behaviour and a
     * dot-notation parent. Other lookups (polymorphic ones, and those to User, whose rows arrive from
     * auth-service asynchronously) are checked by the service instead.
     */
    public boolean isSingleLookup() {
        return isLookup() && referenceTo != null && referenceTo.size() == 1 && relationshipName != null && onDelete != null;
    }

    public String target() {
        return isSingleLookup() ? referenceTo.get(0) : null;
    }

    public static FieldBuilder builder(String name, FieldType type) {
        return new FieldBuilder(name, type);
    }
}
