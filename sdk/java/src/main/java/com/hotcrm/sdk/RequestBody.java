package com.hotcrm.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A JSON request body built with named setters; {@link #set} adds any field the API takes that has no setter
 * (yet). Values left null are not sent.
 */
public abstract class RequestBody<S extends RequestBody<S>> {

    private final Map<String, Object> values = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    protected final S self() {
        return (S) this;
    }

    /** Sets any body field by its API name; null removes it. */
    public S set(String name, Object value) {
        if (value == null) {
            values.remove(name);
        } else {
            values.put(name, value);
        }
        return self();
    }

    protected Object value(String name) {
        return values.get(name);
    }

    /** The body as sent. */
    @JsonValue
    public Map<String, Object> toMap() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + values;
    }
}
