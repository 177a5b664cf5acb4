package com.hotcrm.sdk.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A record of any object: its fields by API name ({@code Name}, {@code AnnualRevenue}, a custom
 * {@code Budget__c}), exactly as the API sends them, with typed accessors. Values are JSON's: {@code String},
 * {@code Boolean}, {@link Integer}/{@link Long}/{@link BigDecimal}, nested {@code Map}s (a parent asked for
 * with {@code fields=Account.Name} or {@code related}) and {@code List}s (child records).
 *
 * <p>Subclasses for the standard objects ({@link Account}, {@link Opportunity}...) add named getters and
 * fluent setters; every field, custom ones included, stays reachable through {@link #get} and {@link #set}.
 * A record is also the body of a create or update: only the fields it holds are sent, so
 * {@code new Account().setPhone("+1-555-9999")} is a PATCH of the phone alone, and {@code set("Phone", null)}
 * clears it.
 */
// JSON is the field map alone: the typed getters and setters are views of it, not properties of their own
@JsonAutoDetect(fieldVisibility = Visibility.NONE, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE, creatorVisibility = Visibility.NONE)
public class CrmRecord {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    public CrmRecord() {
    }

    public CrmRecord(Map<String, ?> fields) {
        if (fields != null) {
            this.fields.putAll(fields);
        }
    }

    /** A record of fields given as name, value, name, value... */
    public static CrmRecord of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("CrmRecord.of takes names and values in pairs");
        }
        CrmRecord record = new CrmRecord();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            record.set((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return record;
    }

    /** This record's fields as another record type (another view of the same values, copied). */
    public <T extends CrmRecord> T as(Function<Map<String, Object>, T> type) {
        return type.apply(fields);
    }

    /** The fields, as sent to and received from the API (unmodifiable view). */
    @JsonValue
    public Map<String, Object> toMap() {
        return Collections.unmodifiableMap(fields);
    }

    @JsonAnySetter
    private void put(String field, Object value) {
        fields.put(field, value);
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /**
     * A field's value; a dotted name follows parents the API nested in this record ({@code "Account.Name"}
     * after {@code fields=Name,Account.Name}).
     */
    public Object get(String field) {
        if (fields.containsKey(field) || field.indexOf('.') < 0) {
            return fields.get(field);
        }
        Object value = this.fields;
        for (String part : field.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(part);
        }
        return value;
    }

    /** Sets a field (null clears it when sent). Returns this record, for chaining. */
    public CrmRecord set(String field, Object value) {
        fields.put(Objects.requireNonNull(field, "field"), value);
        return this;
    }

    /** Leaves a field out (so that an update does not send it). */
    public CrmRecord remove(String field) {
        fields.remove(field);
        return this;
    }

    public String getId() {
        return getString("Id");
    }

    public String getOwnerId() {
        return getString("OwnerId");
    }

    public Instant getCreatedDate() {
        return getInstant("CreatedDate");
    }

    public Instant getModifiedDate() {
        return getInstant("ModifiedDate");
    }

    public String getCreatedById() {
        return getString("CreatedById");
    }

    public String getModifiedById() {
        return getString("ModifiedById");
    }

    public String getString(String field) {
        Object value = get(field);
        return value == null ? null : value.toString();
    }

    public BigDecimal getDecimal(String field) {
        Object value = get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            return BigDecimal.valueOf(number.doubleValue());
        }
        return new BigDecimal(value.toString());
    }

    public Long getLong(String field) {
        BigDecimal value = getDecimal(field);
        return value == null ? null : value.longValueExact();
    }

    public Integer getInteger(String field) {
        BigDecimal value = getDecimal(field);
        return value == null ? null : value.intValueExact();
    }

    public Double getDouble(String field) {
        BigDecimal value = getDecimal(field);
        return value == null ? null : value.doubleValue();
    }

    public Boolean getBoolean(String field) {
        Object value = get(field);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        return Boolean.valueOf(value.toString());
    }

    /** A date field ({@code "2026-12-31"}). */
    public LocalDate getDate(String field) {
        Object value = get(field);
        if (value == null || value instanceof LocalDate) {
            return (LocalDate) value;
        }
        return LocalDate.parse(value.toString());
    }

    /** A date-time field ({@code "2026-01-15T10:30:00Z"}, an offset, or fractions of a second). */
    public Instant getInstant(String field) {
        Object value = get(field);
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        return Instant.parse(value.toString());
    }

    /** A multi-select picklist or any list value, as strings. */
    public List<String> getStrings(String field) {
        Object value = get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> v == null ? null : v.toString()).toList();
        }
        return List.of(value.toString().split(";"));
    }

    /** A parent the API nested in this record ({@code related: {"Account": ...}}, {@code Account.Name}). */
    public CrmRecord getRecord(String relationship) {
        return nested(get(relationship), CrmRecord::new);
    }

    /** Child records the API nested in this record ({@code related: {"Contacts": ...}}). */
    public List<CrmRecord> getRecords(String relationship) {
        return getRecords(relationship, CrmRecord::new);
    }

    /** Child records as a record type: {@code getRecords("Opportunities", Opportunity::new)}. */
    public <T extends CrmRecord> List<T> getRecords(String relationship, Function<Map<String, Object>, T> type) {
        Object value = get(relationship);
        if (!(value instanceof List<?> list)) {
            return value == null ? null : List.of();
        }
        List<T> records = new ArrayList<>(list.size());
        for (Object item : list) {
            records.add(nested(item, type));
        }
        return records;
    }

    @SuppressWarnings("unchecked")
    private static <T extends CrmRecord> T nested(Object value, Function<Map<String, Object>, T> type) {
        if (value instanceof CrmRecord record) {
            return type.apply(record.fields);
        }
        return value instanceof Map<?, ?> map ? type.apply((Map<String, Object>) map) : null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CrmRecord record && record.getClass() == getClass() && record.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + fields;
    }
}
