package com.hotcrm.sdk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Record filters, AND-ed: {@code Filters.where("Industry", "=", "Technology").and("AnnualRevenue", ">", 1000000)}.
 * Operators: {@code = != <> > >= < <= in, not in, like, ilike, between}; {@code is null} / {@code is not null}
 * and date literals ({@code today}, {@code this_quarter}...) as two-part filters
 * ({@code where("CloseDate", "this_quarter")}); {@code last_n_days}/{@code next_n_days} with a number;
 * values {@code $currentUser}, {@code $now}, {@code $today}. {@link #object(Map)} is the object form
 * ({@code {"Amount": {"$gt": 10000}}}).
 */
public final class Filters {

    private final List<List<Object>> terms;
    private final Map<String, Object> objectForm;

    private Filters(List<List<Object>> terms, Map<String, Object> objectForm) {
        this.terms = terms;
        this.objectForm = objectForm;
    }

    /** No filter: every record. */
    public static Filters none() {
        return new Filters(List.of(), null);
    }

    /** {@code [field, operator, value]}. */
    public static Filters where(String field, String operator, Object value) {
        return none().and(field, operator, value);
    }

    /** A two-part filter: {@code [field, "is null"]}, {@code [field, "this_quarter"]}. */
    public static Filters where(String field, String operatorOrLiteral) {
        return none().and(field, operatorOrLiteral);
    }

    /** Filters in the API's array form, as lists: {@code [["Stage", "=", "Closed Won"], ...]}. */
    public static Filters of(List<? extends List<?>> terms) {
        Filters filters = none();
        for (List<?> term : terms) {
            filters = filters.and(term);
        }
        return filters;
    }

    /** The object form ({@code POST /query}): {@code {"Industry": {"$in": [...]}, "Name": "Acme"}}. */
    public static Filters object(Map<String, ?> conditions) {
        return new Filters(List.of(), Collections.unmodifiableMap(new LinkedHashMap<>(conditions)));
    }

    public Filters and(String field, String operator, Object value) {
        return and(Arrays.asList(field, operator, value));
    }

    public Filters and(String field, String operatorOrLiteral) {
        return and(List.of(field, operatorOrLiteral));
    }

    /** Adds a term given as a list ({@code List.of("Amount", ">", 10000)}). */
    public Filters and(List<?> term) {
        if (objectForm != null) {
            throw new IllegalStateException("Object-form filters take their conditions in one map");
        }
        List<List<Object>> more = new ArrayList<>(terms);
        more.add(Collections.unmodifiableList(new ArrayList<>(term)));
        return new Filters(Collections.unmodifiableList(more), null);
    }

    public boolean isEmpty() {
        return objectForm == null ? terms.isEmpty() : objectForm.isEmpty();
    }

    /** The filters as JSON takes them: a list of terms, or the object form's map. */
    @JsonValue
    public Object toJson() {
        return objectForm != null ? objectForm : terms;
    }

    /** As the {@code filters} query parameter of a list or an aggregation. */
    String toParameter() {
        return isEmpty() ? null : Json.writeString(toJson());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Filters filters && filters.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return Json.writeString(toJson());
    }
}
