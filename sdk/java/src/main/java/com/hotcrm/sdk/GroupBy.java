package com.hotcrm.sdk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code POST /{object}/groupby}: {@code GroupBy.by("Stage").count("count").sum("totalAmount", "Amount")
 * .avg("avgAmount", "Amount").where("IsClosed", "=", false)}. Keys may be date parts ({@code CloseDate.month},
 * {@code .quarter}, {@code .year}, {@code .day}); {@code having} filters groups by an aggregation's name.
 */
public final class GroupBy extends RequestBody<GroupBy> {

    private final Map<String, Map<String, String>> aggregations = new LinkedHashMap<>();
    private Filters filters = Filters.none();
    private final List<List<Object>> having = new ArrayList<>();

    private GroupBy(List<String> keys) {
        set("groupBy", keys.size() == 1 ? keys.get(0) : List.copyOf(keys));
    }

    public static GroupBy by(String... keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("Group by at least one field");
        }
        return new GroupBy(List.of(keys));
    }

    /** An aggregation: {@code COUNT}, {@code COUNT_DISTINCT}, {@code SUM}, {@code AVG}, {@code MIN}, {@code MAX}. */
    public GroupBy aggregate(String name, String function, String field) {
        aggregations.put(name, Map.of("function", function, "field", field));
        return set("aggregations", new LinkedHashMap<>(aggregations));
    }

    public GroupBy count(String name) {
        return aggregate(name, "COUNT", "Id");
    }

    public GroupBy countDistinct(String name, String field) {
        return aggregate(name, "COUNT_DISTINCT", field);
    }

    public GroupBy sum(String name, String field) {
        return aggregate(name, "SUM", field);
    }

    public GroupBy avg(String name, String field) {
        return aggregate(name, "AVG", field);
    }

    public GroupBy min(String name, String field) {
        return aggregate(name, "MIN", field);
    }

    public GroupBy max(String name, String field) {
        return aggregate(name, "MAX", field);
    }

    public GroupBy where(String field, String operator, Object value) {
        return filters(filters.and(field, operator, value));
    }

    public GroupBy filters(Filters filters) {
        this.filters = filters == null ? Filters.none() : filters;
        return set("filters", this.filters.isEmpty() ? null : this.filters);
    }

    /** Keeps the groups whose aggregation {@code name} passes: {@code having("count", ">", 5)}. */
    public GroupBy having(String name, String operator, Object value) {
        having.add(Arrays.asList(name, operator, value));
        return set("having", new ArrayList<>(having));
    }

    /** Orders the groups: {@code "-totalAmount"}; by the keys otherwise. */
    public GroupBy sort(String expression) {
        return set("sort", expression);
    }
}
