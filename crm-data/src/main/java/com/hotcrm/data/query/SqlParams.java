package com.hotcrm.data.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The bind parameters of a statement being built; every value of a request goes through here. */
public final class SqlParams {

    private final List<Object> values = new ArrayList<>();

    /** Adds a value and returns its placeholder ({@code $3}). */
    public String add(Object value) {
        values.add(value);
        return "$" + values.size();
    }

    public List<Object> values() {
        return Collections.unmodifiableList(values);
    }
}
