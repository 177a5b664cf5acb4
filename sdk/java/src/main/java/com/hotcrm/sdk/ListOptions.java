package com.hotcrm.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to list ({@code GET /{object}}): {@code ListOptions.builder().filter("Industry", "=", "Technology")
 * .fields("Name", "Industry").sort("-AnnualRevenue").limit(20).build()}. When iterating all pages, {@code limit}
 * is the page size (200 when not given).
 */
public final class ListOptions {

    private final Filters filters;
    private final List<String> fields;
    private final List<String> sort;
    private final Integer limit;
    private final Integer offset;
    private final String cursor;
    private final boolean exactCount;

    private ListOptions(Builder builder) {
        this.filters = builder.filters;
        this.fields = List.copyOf(builder.fields);
        this.sort = List.copyOf(builder.sort);
        this.limit = builder.limit;
        this.offset = builder.offset;
        this.cursor = builder.cursor;
        this.exactCount = builder.exactCount;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every record, the API's default page (50). */
    public static ListOptions none() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.filters = filters;
        builder.fields.addAll(fields);
        builder.sort.addAll(sort);
        builder.limit = limit;
        builder.offset = offset;
        builder.cursor = cursor;
        builder.exactCount = exactCount;
        return builder;
    }

    public Filters filters() {
        return filters;
    }

    public List<String> fields() {
        return fields;
    }

    public List<String> sort() {
        return sort;
    }

    public Integer limit() {
        return limit;
    }

    public Integer offset() {
        return offset;
    }

    public String cursor() {
        return cursor;
    }

    public boolean exactCount() {
        return exactCount;
    }

    /** The query parameters of {@code GET /{object}}. */
    Map<String, Object> toParameters() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("fields", fields.isEmpty() ? null : String.join(",", fields));
        query.put("filters", filters.toParameter());
        query.put("sort", sort.isEmpty() ? null : String.join(",", sort));
        query.put("limit", limit);
        query.put("offset", cursor == null ? offset : null);
        query.put("cursor", cursor);
        query.put("count", exactCount ? "exact" : null);
        return query;
    }

    public static final class Builder {

        private Filters filters = Filters.none();
        private final List<String> fields = new ArrayList<>();
        private final List<String> sort = new ArrayList<>();
        private Integer limit;
        private Integer offset;
        private String cursor;
        private boolean exactCount;

        private Builder() {
        }

        /** Adds {@code [field, operator, value]} (filters are AND-ed). */
        public Builder filter(String field, String operator, Object value) {
            filters = filters.and(field, operator, value);
            return this;
        }

        /** Adds a two-part filter: {@code ("CloseDate", "this_quarter")}, {@code ("Phone", "is null")}. */
        public Builder filter(String field, String operatorOrLiteral) {
            filters = filters.and(field, operatorOrLiteral);
            return this;
        }

        /** Replaces the filters. */
        public Builder filters(Filters filters) {
            this.filters = filters == null ? Filters.none() : filters;
            return this;
        }

        /** The fields to return ({@code Account.Name} follows a lookup); {@code Id} always comes. */
        public Builder fields(String... names) {
            fields.addAll(List.of(names));
            return this;
        }

        public Builder fields(List<String> names) {
            fields.addAll(names);
            return this;
        }

        /** Sort terms, in order: {@code "Name"}, {@code "-AnnualRevenue"} (descending). */
        public Builder sort(String... terms) {
            sort.addAll(List.of(terms));
            return this;
        }

        /** Page size, 1–200 (the API's default is 50). */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** Records to skip (up to 100,000); prefer cursors for deep paging. */
        public Builder offset(int offset) {
            this.offset = offset;
            return this;
        }

        /** A page's {@code nextCursor}, to get the page after it (same filters and sort). */
        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        /** Count matches exactly even past the server's limit for exact counts (costly on large sets). */
        public Builder exactCount(boolean exact) {
            this.exactCount = exact;
            return this;
        }

        public ListOptions build() {
            return new ListOptions(this);
        }
    }
}
