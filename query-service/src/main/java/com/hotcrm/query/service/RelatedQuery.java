package com.hotcrm.query.service;

import static com.hotcrm.platform.metadata.Naming.quote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.records.FieldSelection;
import com.hotcrm.data.records.SelectSql;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.query.FilterCompiler;
import com.hotcrm.platform.query.SortCompiler;
import com.hotcrm.platform.query.SqlParams;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A child relationship asked for with {@code related} ({@code "Opportunities": {fields, filters, sort,
 * limit}}), fetched for a whole page of parents in one statement: a window function keeps the first
 * {@code limit} children of each parent in the requested order.
 */
final class RelatedQuery {

    static final int DEFAULT_LIMIT = 50;

    private final String name;
    private final MetadataRegistry.ChildRelationship relationship;
    private final SelectSql select;
    private final String where;
    private final SqlParams filterParams;
    private final String orderBy;
    private final int limit;

    private RelatedQuery(String name, MetadataRegistry.ChildRelationship relationship, SelectSql select, String where,
            SqlParams filterParams, String orderBy, int limit) {
        this.name = name;
        this.relationship = relationship;
        this.select = select;
        this.where = where;
        this.filterParams = filterParams;
        this.orderBy = orderBy;
        this.limit = limit;
    }

    String name() {
        return name;
    }

    /** Checks every relationship of {@code related} before anything runs. */
    static List<RelatedQuery> parseAll(ObjectDef parent, JsonNode related, MetadataRegistry registry, String currentUserId) {
        if (related == null || related.isNull()) {
            return List.of();
        }
        if (!related.isObject() || related.size() > 10) {
            throw CrmException.validation("related", "related maps up to 10 child relationships to {fields, filters, sort, limit}");
        }
        List<RelatedQuery> queries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = related.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            MetadataRegistry.ChildRelationship relationship = registry.children(parent).stream()
                    .filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> CrmException.validation("related." + name, parent.name() + " has no child relationship '"
                            + name + "'; it has " + registry.children(parent).stream().map(MetadataRegistry.ChildRelationship::name).toList()));
            JsonNode spec = entry.getValue().isObject() ? entry.getValue() : null;
            ObjectDef child = relationship.child();
            String fields = spec == null || !spec.hasNonNull("fields") ? null
                    : spec.get("fields").isArray() ? String.join(",", names(spec.get("fields"))) : spec.get("fields").asText();
            FieldSelection selection = FieldSelection.parse(child, fields, registry);
            SqlParams params = new SqlParams();
            params.add(null); // $1: the parents' ids, bound when the page is known
            String where = FilterCompiler.compile(child, "t0", spec == null ? null : spec.get("filters"),
                    FilterCompiler.Context.now(currentUserId), params);
            String orderBy = SortCompiler.orderBy(child, "t0", spec == null ? null : spec.get("sort"));
            int limit = DEFAULT_LIMIT;
            if (spec != null && spec.hasNonNull("limit")) {
                JsonNode l = spec.get("limit");
                if (!l.isIntegralNumber() || l.asInt() < 1 || l.asInt() > QueryService.MAX_LIMIT) {
                    throw CrmException.validation("related." + name + ".limit", "limit must be between 1 and " + QueryService.MAX_LIMIT);
                }
                limit = l.asInt();
            }
            queries.add(new RelatedQuery(name, relationship, SelectSql.of(selection), where, params, orderBy, limit));
        }
        return queries;
    }

    /** The children of these parents, by parent id, at most {@code limit} each. */
    Uni<Map<String, List<Map<String, Object>>>> fetch(Pool pool, List<String> parentIds) {
        String fk = "t0." + quote(relationship.lookup().column());
        String sql = "SELECT * FROM (SELECT " + select.columns() + ", " + fk + " AS \"__parent\", row_number() OVER (PARTITION BY "
                + fk + orderBy + ") AS \"__rn\" FROM " + select.from() + " WHERE " + fk + " = ANY($1)"
                + (where.isEmpty() ? "" : " AND " + where) + ") x WHERE x.\"__rn\" <= " + limit
                + " ORDER BY x.\"__parent\", x.\"__rn\"";
        List<Object> values = new ArrayList<>(filterParams.values());
        values.set(0, parentIds.toArray(String[]::new));
        return pool.preparedQuery(sql).execute(Tuple.from(values)).map(rows -> {
            Map<String, List<Map<String, Object>>> byParent = new HashMap<>();
            for (Row row : rows) {
                byParent.computeIfAbsent(row.getString("__parent"), k -> new ArrayList<>()).add(select.read(row));
            }
            return byParent;
        });
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }
}
