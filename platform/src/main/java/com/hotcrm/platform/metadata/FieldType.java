package com.hotcrm.platform.metadata;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The types a field can have, each with the PostgreSQL column type that stores it. */
public enum FieldType {
    ID("id"),
    TEXT("text"),
    TEXTAREA("textarea"),
    EMAIL("email"),
    PHONE("phone"),
    URL("url"),
    NUMBER("number"),
    CURRENCY("currency"),
    PERCENT("percent"),
    BOOLEAN("boolean"),
    DATE("date"),
    DATETIME("datetime"),
    PICKLIST("picklist"),
    MULTIPICKLIST("multipicklist"),
    LOOKUP("lookup");

    private final String apiName;

    FieldType(String apiName) {
        this.apiName = apiName;
    }

    @JsonValue
    public String apiName() {
        return apiName;
    }

    @JsonCreator
    public static FieldType fromApiName(String name) {
        return parse(name).orElseThrow(() -> new IllegalArgumentException("Unknown field type '" + name + "'"));
    }

    /** The types a custom field may have (all but id), as a constant for a request field's {@code @Pattern}. */
    public static final String DEFINABLE = "(?i)text|textarea|email|phone|url|number|currency|percent|boolean|date|datetime"
            + "|picklist|multipicklist|lookup";

    public static Optional<FieldType> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.apiName.equals(wanted)).findFirst();
    }

    public boolean isNumeric() {
        return this == NUMBER || this == CURRENCY || this == PERCENT;
    }

    /** Types whose value is a string in JSON and a text column in the table. */
    public boolean isText() {
        return switch (this) {
            case ID, TEXT, TEXTAREA, EMAIL, PHONE, URL, PICKLIST, LOOKUP -> true;
            default -> false;
        };
    }

    /** How many digits a number of this type may have before its decimal point, given its scale. */
    public int integerDigits(Integer scale) {
        return switch (this) {
            case NUMBER -> scale == null ? 30 : 18 - scale;
            case CURRENCY -> 18 - (scale == null ? 2 : scale);
            case PERCENT -> 7 - (scale == null ? 2 : scale);
            default -> 0;
        };
    }

    /** The column type, given the field's declared length and scale where they matter. */
    public String sqlType(Integer length, Integer scale) {
        return switch (this) {
            case ID, LOOKUP, TEXTAREA, EMAIL, PHONE, URL, PICKLIST -> "text";
            case TEXT -> length == null ? "text" : "varchar(" + length + ")";
            case NUMBER -> scale == null ? "numeric" : "numeric(18," + scale + ")";
            case CURRENCY -> "numeric(18," + (scale == null ? 2 : scale) + ")";
            case PERCENT -> "numeric(7," + (scale == null ? 2 : scale) + ")";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case DATETIME -> "timestamptz";
            case MULTIPICKLIST -> "text[]";
        };
    }
}
