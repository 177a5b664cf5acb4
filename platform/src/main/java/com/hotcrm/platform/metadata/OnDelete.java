package com.hotcrm.platform.metadata;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What deleting a parent record does to the records whose lookup points at it. */
public enum OnDelete {
    /** The parent cannot be deleted while children point at it (409 REFERENCE_ERROR). */
    RESTRICT("restrict", "RESTRICT"),
    /** The children are deleted with it. */
    CASCADE("cascade", "CASCADE"),
    /** The children's lookup is cleared. */
    SET_NULL("setNull", "SET NULL");

    private final String apiName;
    private final String sql;

    OnDelete(String apiName, String sql) {
        this.apiName = apiName;
        this.sql = sql;
    }

    @JsonValue
    public String apiName() {
        return apiName;
    }

    public String sql() {
        return sql;
    }

    @JsonCreator
    public static OnDelete fromApiName(String name) {
        for (OnDelete value : values()) {
            if (value.apiName.equalsIgnoreCase(name) || value.name().equalsIgnoreCase(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("onDelete must be restrict, cascade or setNull, not '" + name + "'");
    }
}
