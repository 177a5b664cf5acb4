package com.hotcrm.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Query} and {@link Related} share: fields, filters, sort, limit, and relationships to read along.
 */
public abstract class Selection<S extends Selection<S>> extends RequestBody<S> {

    private Filters filters = Filters.none();
    private final Map<String, Related> related = new LinkedHashMap<>();

    /** The fields to return: {@code "Name", "Amount", "Account.Name"}. */
    public S fields(String... names) {
        return fields(List.of(names));
    }

    public S fields(List<String> names) {
        @SuppressWarnings("unchecked")
        List<String> current = value("fields") instanceof List<?> list ? new ArrayList<>((List<String>) list)
                : new ArrayList<>();
        current.addAll(names);
        return set("fields", current);
    }

    /** Adds {@code [field, operator, value]}. */
    public S where(String field, String operator, Object value) {
        return filters(filters.and(field, operator, value));
    }

    /** Adds a two-part filter: {@code ("CloseDate", "this_quarter")}. */
    public S where(String field, String operatorOrLiteral) {
        return filters(filters.and(field, operatorOrLiteral));
    }

    /** Replaces the filters (array or object form). */
    public S filters(Filters filters) {
        this.filters = filters == null ? Filters.none() : filters;
        return set("filters", this.filters.isEmpty() ? null : this.filters);
    }

    /** Adds a sort term: {@code sort("Amount", "desc")}. */
    public S sort(String field, String direction) {
        @SuppressWarnings("unchecked")
        List<Object> current = value("sort") instanceof List<?> list ? new ArrayList<>((List<Object>) list)
                : new ArrayList<>();
        current.add(List.of(field, direction));
        return set("sort", current);
    }

    /** The sort as one expression: {@code "Name"}, {@code "-Amount"}, {@code "Name,-Amount"}. */
    public S sort(String expression) {
        return set("sort", expression);
    }

    public S limit(int limit) {
        return set("limit", limit);
    }

    /**
     * Reads a relationship along: a child relationship ({@code Opportunities}, {@code Contacts}, a custom
     * {@code Projects__r}) becomes a list on each record, a parent lookup ({@code Account}) the parent record.
     */
    public S related(String relationship, Related selection) {
        related.put(relationship, selection);
        return set("related", new LinkedHashMap<>(related));
    }
}
