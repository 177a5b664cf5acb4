package com.hotcrm.query.service;

import static com.hotcrm.platform.metadata.Naming.crmTable;
import static com.hotcrm.platform.metadata.Naming.quote;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.records.FieldSelection;
import com.hotcrm.data.records.SelectSql;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.data.query.SortCompiler;
import com.hotcrm.data.query.SqlParams;
import com.hotcrm.query.repository.QueryRepository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * A relationship asked for with {@code related}, fetched for a whole page of records in one statement:
 * <ul>
 * <li>a child relationship ({@code "Opportunities": {fields, filters, sort, limit, related}}) becomes a list
 * on each record, the first {@code limit} children of each in the requested order (a window function);</li>
 * <li>a parent lookup ({@code "Account": {fields, related}}) becomes the parent record as an object on each
 * record, or null (no parent, or one the caller may not read), the same shape as {@code fields=Account.Name}.</li>
 * </ul>
 * Either may name further relationships of its own in {@code related} (Opportunity → Account → Contacts), up
 * to {@value #MAX_DEPTH} levels; each level is one more statement per relationship, never one per record.
 */
abstract class RelatedQuery {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_DEPTH = 3;
    static final int MAX_RELATIONSHIPS = 10;

    private static final Set<String> CHILD_KEYS = Set.of("fields", "filters", "sort", "limit", "related");
    private static final Set<String> PARENT_KEYS = Set.of("fields", "related");

    /** The rows a relationship read for a page, and how to put them on that page's records. */
    private record Fetched(RelatedQuery query, Map<String, Object> byOwnerId, List<Map<String, Object>> rows) {
    }

    final String name;
    final SelectSql select;
    final List<RelatedQuery> nested;

    private RelatedQuery(String name, SelectSql select, List<RelatedQuery> nested) {
        this.name = name;
        this.select = select;
        this.nested = nested;
    }

    String name() {
        return name;
    }

    /** The rows of this relationship for these owners' ids, by owner id: a list for children, one map for a parent. */
    abstract Uni<Map<String, Object>> fetch(QueryRepository repository, List<String> ownerIds);

    /** What a record without any row of this relationship gets. */
    abstract Object none();

    /**
     * Checks every relationship of {@code related} on {@code owner} (and theirs, recursively) before anything
     * runs; {@code selection} is what the owner's {@code fields} already select, so that a parent is not
     * asked for twice.
     */
    static List<RelatedQuery> parseAll(ObjectDef owner, FieldSelection selection, JsonNode related, MetadataRegistry registry,
            Reader reader) {
        return parseAll(owner, selection, related, registry, reader, "related", 1, new int[] { 0 });
    }

    private static List<RelatedQuery> parseAll(ObjectDef owner, FieldSelection selection, JsonNode related,
            MetadataRegistry registry, Reader reader, String where, int depth, int[] count) {
        if (related == null || related.isNull()) {
            return List.of();
        }
        if (!related.isObject()) {
            throw CrmException.validation(where, "related maps relationship names to {fields, ...}, like {\"Contacts\": "
                    + "{\"fields\": [\"LastName\"]}} or {\"Account\": {\"fields\": [\"Name\"]}}");
        }
        if (depth > MAX_DEPTH) {
            throw CrmException.validation(where, "related goes at most " + MAX_DEPTH + " levels deep");
        }
        List<RelatedQuery> queries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = related.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String at = where + "." + name;
            if (++count[0] > MAX_RELATIONSHIPS) {
                throw CrmException.validation(at, "A query follows at most " + MAX_RELATIONSHIPS + " relationships in related");
            }
            JsonNode spec = entry.getValue();
            FieldDef lookup = owner.parentRelationship(name).orElse(null);
            if (lookup != null) {
                checkKeys(spec, at, PARENT_KEYS, name + " is the parent of each " + owner.name() + " (one record): it takes "
                        + "fields and related");
                if (selection.parents().containsKey(name)) {
                    throw CrmException.validation(at, name + " is both in fields (as " + name + ".…) and in related: ask for its "
                            + "fields in one place");
                }
                ObjectDef parent = reader.view(registry.requireByName(lookup.target()));
                FieldSelection fields = FieldSelection.parse(parent, QueryService.fieldsParam(spec.get("fields"), at + ".fields"), registry, reader::view);
                SqlParams params = new SqlParams();
                params.add(null); // $1: the owners' ids, bound when the page is known
                SelectSql select = reader.select(fields, params);
                String readable = reader.readableParent(parent, "t0", params);
                queries.add(new Parent(name, owner, lookup, select, readable == null ? "" : readable, params,
                        parseAll(parent, fields, spec.get("related"), registry, reader, at + ".related", depth + 1, count)));
                continue;
            }
            MetadataRegistry.ChildRelationship relationship = registry.children(owner).stream()
                    .filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> CrmException.validation(at, owner.name() + " has no relationship '" + name + "'; its parents are "
                            + owner.fields().stream().filter(FieldDef::isSingleLookup).map(FieldDef::relationshipName).toList()
                            + " and its child relationships " + registry.children(owner).stream()
                                    .map(MetadataRegistry.ChildRelationship::name).toList()));
            checkKeys(spec, at, CHILD_KEYS, name + " takes fields, filters, sort, limit and related");
            ObjectDef child = reader.view(relationship.child());
            FieldSelection fields = FieldSelection.parse(child, QueryService.fieldsParam(spec.get("fields"), at + ".fields"), registry, reader::view);
            SqlParams params = new SqlParams();
            params.add(null); // $1: the owners' ids, bound when the page is known
            String filter = reader.where(child, "t0", spec.get("filters"), params);
            String orderBy = SortCompiler.orderBy(child, "t0", spec.get("sort"));
            int limit = DEFAULT_LIMIT;
            if (spec.hasNonNull("limit")) {
                JsonNode l = spec.get("limit");
                if (!l.isIntegralNumber() || !l.canConvertToInt() || l.asInt() < 1 || l.asInt() > QueryService.MAX_LIMIT) {
                    throw CrmException.validation(at + ".limit", "limit must be a whole number between 1 and " + QueryService.MAX_LIMIT);
                }
                limit = l.asInt();
            }
            queries.add(new Children(name, relationship, reader.select(fields, params), filter, params, orderBy, limit,
                    parseAll(child, fields, spec.get("related"), registry, reader, at + ".related", depth + 1, count)));
        }
        return queries;
    }

    private static void checkKeys(JsonNode spec, String at, Set<String> allowed, String what) {
        if (!spec.isObject()) {
            throw CrmException.validation(at, "Give " + at + " as an object: " + what + ", all optional ({} for every field)");
        }
        spec.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                throw CrmException.validation(at + "." + key, what + ", not '" + key + "'");
            }
        });
    }

    /**
     * Puts each relationship's rows on the records (and their relationships' rows on those, level by level):
     * one statement per relationship per level. The records are changed only once every statement of a level
     * has answered, never while another one's answer is being handled.
     */
    static Uni<Void> attachAll(QueryRepository repository, List<Map<String, Object>> records, List<RelatedQuery> queries) {
        if (queries.isEmpty() || records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = records.stream().map(r -> (String) r.get("Id")).distinct().toList();
        List<Uni<Fetched>> fetches = new ArrayList<>();
        for (RelatedQuery query : queries) {
            fetches.add(query.fetch(repository, ids).map(byOwner -> new Fetched(query, byOwner, rows(byOwner))));
        }
        return Uni.join().all(fetches).andFailFast().flatMap(fetched -> {
            List<Uni<Void>> deeper = new ArrayList<>();
            for (Fetched f : fetched) {
                for (Map<String, Object> record : records) {
                    Object value = f.byOwnerId().get((String) record.get("Id"));
                    record.put(f.query().name, value == null ? f.query().none() : value);
                }
                if (!f.query().nested.isEmpty() && !f.rows().isEmpty()) {
                    deeper.add(attachAll(repository, f.rows(), f.query().nested));
                }
            }
            return deeper.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(deeper).andFailFast().replaceWithVoid();
        });
    }

    /** Every distinct row read (a parent shared by several records is one map, so its own relationships are read once). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> byOwner) {
        Map<String, Map<String, Object>> distinct = new LinkedHashMap<>();
        for (Object value : byOwner.values()) {
            List<Map<String, Object>> rows = value instanceof List<?> list ? (List<Map<String, Object>>) list
                    : List.of((Map<String, Object>) value);
            rows.forEach(row -> distinct.putIfAbsent((String) row.get("Id"), row));
        }
        return new ArrayList<>(distinct.values());
    }

    /** A child relationship: a list of children on each record, at most {@code limit} each. */
    private static final class Children extends RelatedQuery {

        private final MetadataRegistry.ChildRelationship relationship;
        private final String where;
        private final SqlParams filterParams;
        private final String orderBy;
        private final int limit;

        Children(String name, MetadataRegistry.ChildRelationship relationship, SelectSql select, String where,
                SqlParams filterParams, String orderBy, int limit, List<RelatedQuery> nested) {
            super(name, select, nested);
            this.relationship = relationship;
            this.where = where;
            this.filterParams = filterParams;
            this.orderBy = orderBy;
            this.limit = limit;
        }

        @Override
        Uni<Map<String, Object>> fetch(QueryRepository repository, List<String> ownerIds) {
            String fk = "t0." + quote(relationship.lookup().column());
            String sql = "SELECT * FROM (SELECT " + select.columns() + ", " + fk + " AS \"__owner\", row_number() OVER (PARTITION BY "
                    + fk + orderBy + ") AS \"__rn\" FROM " + select.from() + " WHERE " + fk + " = ANY($1)"
                    + (where.isEmpty() ? "" : " AND " + where) + ") x WHERE x.\"__rn\" <= " + limit
                    + " ORDER BY x.\"__owner\", x.\"__rn\"";
            List<Object> values = new ArrayList<>(filterParams.values());
            values.set(0, ownerIds.toArray(String[]::new));
            return repository.rows(sql, values).map(rows -> {
                Map<String, List<Map<String, Object>>> byOwner = new HashMap<>();
                for (Row row : rows) {
                    byOwner.computeIfAbsent(row.getString("__owner"), k -> new ArrayList<>()).add(select.read(row));
                }
                return Collections.<String, Object>unmodifiableMap(byOwner);
            });
        }

        @Override
        Object none() {
            return List.of();
        }
    }

    /**
     * A parent lookup: the parent record on each record, null where the lookup is empty or the parent is one the
     * caller may not read (the two look the same).
     */
    private static final class Parent extends RelatedQuery {

        private final ObjectDef owner;
        private final FieldDef lookup;
        private final String readable;
        private final SqlParams params;

        Parent(String name, ObjectDef owner, FieldDef lookup, SelectSql select, String readable, SqlParams params,
                List<RelatedQuery> nested) {
            super(name, select, nested);
            this.owner = owner;
            this.lookup = lookup;
            this.readable = readable;
            this.params = params;
        }

        @Override
        Uni<Map<String, Object>> fetch(QueryRepository repository, List<String> ownerIds) {
            String sql = "SELECT " + select.columns() + ", o.\"id\" AS \"__owner\" FROM " + select.from() + " JOIN "
                    + crmTable(owner.table()) + " o ON o." + quote(lookup.column()) + " = t0.\"id\" WHERE o.\"id\" = ANY($1)"
                    + (readable.isEmpty() ? "" : " AND " + readable);
            List<Object> values = new ArrayList<>(params.values());
            values.set(0, ownerIds.toArray(String[]::new));
            return repository.rows(sql, values).map(rows -> {
                Map<String, Map<String, Object>> byId = new HashMap<>();
                Map<String, Map<String, Object>> byOwner = new HashMap<>();
                for (Row row : rows) {
                    Map<String, Object> parent = select.read(row);
                    byOwner.put(row.getString("__owner"), byId.computeIfAbsent((String) parent.get("Id"), k -> parent));
                }
                return Collections.<String, Object>unmodifiableMap(byOwner);
            });
        }

        @Override
        Object none() {
            return null;
        }
    }
}
