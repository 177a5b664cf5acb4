package com.hotcrm.records.repository;

import static com.hotcrm.platform.metadata.Naming.crmTable;
import static com.hotcrm.platform.metadata.Naming.quote;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.data.records.FieldSelection;
import com.hotcrm.data.records.RecordValues;
import com.hotcrm.data.records.SelectSql;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.data.query.SqlParams;
import com.hotcrm.platform.security.Caller;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL of the object tables. Every write of a record and its change event is one statement (a CTE that
 * writes the row and appends the event to the outbox), so it is atomic even outside a transaction and
 * costs one round trip. Table and column names come from metadata, values are always bound.
 */
@ApplicationScoped
public class RecordRepository {

    /** A record's field values (by API name) and its version, which is its ETag. */
    public record StoredRecord(Map<String, Object> values, long version) {
        public String id() {
            return (String) values.get("Id");
        }
    }

    private final OutboxRepository outbox;

    public RecordRepository(OutboxRepository outbox) {
        this.outbox = outbox;
    }

    public Uni<Optional<StoredRecord>> find(SqlClient client, FieldSelection selection, String id, boolean forUpdate) {
        SelectSql select = SelectSql.of(selection);
        String sql = "SELECT " + select.columns() + ", t0.\"row_version\" AS \"__version\" FROM " + select.from()
                + " WHERE t0.\"id\" = $1" + (forUpdate ? " FOR UPDATE OF t0" : "");
        return client.preparedQuery(sql).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.<StoredRecord>empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new StoredRecord(select.read(row), row.getLong("__version")));
        });
    }

    /** A record the caller may read, and whether they may also change it. */
    public record Found(StoredRecord record, boolean editable) {
    }

    /**
     * The record if {@code caller} may read it (their own, below them, shared, or the object's sharing allows),
     * with the parents of its selection only where they may read those too.
     */
    public Uni<Optional<Found>> findFor(SqlClient client, FieldSelection selection, String id, boolean forUpdate,
            AccessPolicy policy, Caller caller) {
        ObjectDef def = selection.object();
        SqlParams params = new SqlParams();
        String idParam = params.add(id);
        SelectSql select = SelectSql.readableBy(selection, policy, caller, params);
        String readable = policy.readable(caller, def, "t0", params);
        String editable = policy.editable(caller, def, "t0", params);
        String sql = "SELECT " + select.columns() + ", t0.\"row_version\" AS \"__version\", "
                + (editable == null ? "true" : editable) + " AS \"__editable\" FROM " + select.from()
                + " WHERE t0.\"id\" = " + idParam + (readable == null ? "" : " AND " + readable)
                + (forUpdate ? " FOR UPDATE OF t0" : "");
        return client.preparedQuery(sql).execute(Tuple.from(params.values())).map(rows -> {
            if (rows.size() == 0) {
                return Optional.<Found>empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new Found(new StoredRecord(select.read(row), row.getLong("__version")),
                    row.getBoolean("__editable")));
        });
    }

    /** Those of {@code ids} that are active users (the User object). */
    public Uni<Set<String>> existingUsers(SqlClient client, Set<String> ids) {
        return client.preparedQuery("SELECT \"id\" FROM crm.\"user\" WHERE \"id\" = ANY($1) AND \"is_active\"")
                .execute(Tuple.of(ids.toArray(String[]::new))).map(rows -> {
                    Set<String> found = new HashSet<>();
                    rows.forEach(row -> found.add(row.getString("id")));
                    return found;
                });
    }

    /** Those of {@code ids} that {@code caller} may change. */
    public Uni<Set<String>> editableIds(SqlClient client, ObjectDef def, List<String> ids, AccessPolicy policy, Caller caller) {
        SqlParams params = new SqlParams();
        String idsParam = params.add(ids.toArray(String[]::new));
        String editable = policy.editable(caller, def, "t0", params);
        String sql = "SELECT t0.\"id\" FROM " + crmTable(def.table()) + " t0 WHERE t0.\"id\" = ANY(" + idsParam + ")"
                + (editable == null ? "" : " AND " + editable);
        return client.preparedQuery(sql).execute(Tuple.from(params.values())).map(rows -> {
            Set<String> found = new HashSet<>();
            rows.forEach(row -> found.add(row.getString("id")));
            return found;
        });
    }

    /** Inserts the record (all of its fields, system ones included) and its event. */
    public Uni<Void> insert(SqlClient client, ObjectDef def, Map<String, Object> record, ChangeEvent event) {
        Tuple tuple = Tuple.tuple();
        String write = insertInto(def) + valuesRow(def, record, tuple) + " RETURNING \"id\"";
        return withEvent(client, write, tuple, event).replaceWithVoid();
    }

    /** Inserts many records and their events: two multi-row statements; call it in a transaction. */
    public Uni<Void> insertAll(SqlClient tx, ObjectDef def, List<Map<String, Object>> batch, List<ChangeEvent> events) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple tuple = Tuple.tuple();
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> record : batch) {
            rows.add(valuesRow(def, record, tuple));
        }
        return tx.preparedQuery(insertInto(def) + String.join(", ", rows)).execute(tuple)
                .flatMap(done -> outbox.appendAll(tx, events));
    }

    private static String insertInto(ObjectDef def) {
        List<String> columns = def.fields().stream().map(f -> quote(f.column())).toList();
        return "INSERT INTO " + crmTable(def.table()) + " (" + String.join(", ", columns) + ") VALUES ";
    }

    /** One record's values bound onto {@code tuple}, as {@code ($n, $n+1, ...)} in the order of the fields. */
    private static String valuesRow(ObjectDef def, Map<String, Object> record, Tuple tuple) {
        List<String> params = new ArrayList<>();
        for (FieldDef field : def.fields()) {
            tuple.addValue(RecordValues.toSql(record.get(field.name())));
            params.add("$" + tuple.size());
        }
        return "(" + String.join(", ", params) + ")";
    }

    /** The current records with these ids (those that exist), all fields, in one query. */
    public Uni<Map<String, StoredRecord>> findAll(SqlClient client, ObjectDef def, List<String> ids, boolean forUpdate) {
        SelectSql select = SelectSql.of(FieldSelection.all(def));
        String sql = "SELECT " + select.columns() + ", t0.\"row_version\" AS \"__version\" FROM " + select.from()
                + " WHERE t0.\"id\" = ANY($1)" + (forUpdate ? " FOR UPDATE OF t0" : "");
        return client.preparedQuery(sql).execute(Tuple.of(ids.toArray(String[]::new))).map(rows -> {
            Map<String, StoredRecord> found = new LinkedHashMap<>();
            for (Row row : rows) {
                StoredRecord record = new StoredRecord(select.read(row), row.getLong("__version"));
                found.put(record.id(), record);
            }
            return found;
        });
    }

    /** Which of {@code parentIds} records of {@code child} point at through {@code lookup}. */
    public Uni<java.util.Set<String>> referenced(SqlClient client, ObjectDef child, FieldDef lookup, List<String> parentIds) {
        return client.preparedQuery("SELECT DISTINCT " + quote(lookup.column()) + " AS ref FROM " + crmTable(child.table())
                + " WHERE " + quote(lookup.column()) + " = ANY($1)").execute(Tuple.of(parentIds.toArray(String[]::new)))
                .map(rows -> {
                    java.util.Set<String> refs = new java.util.HashSet<>();
                    rows.forEach(r -> refs.add(r.getString("ref")));
                    return refs;
                });
    }

    /** The values of a unique field among {@code candidates} that some record has already. */
    public Uni<java.util.Set<String>> existingValues(SqlClient client, ObjectDef def, FieldDef field, List<String> candidates) {
        return client.preparedQuery("SELECT " + quote(field.column()) + "::text AS v FROM " + crmTable(def.table())
                + " WHERE " + quote(field.column()) + "::text = ANY($1)").execute(Tuple.of(candidates.toArray(String[]::new)))
                .map(rows -> {
                    java.util.Set<String> values = new java.util.HashSet<>();
                    rows.forEach(r -> values.add(r.getString("v")));
                    return values;
                });
    }

    /**
     * Updates the given fields if the record still has {@code expectedVersion}; says whether it did (false:
     * someone changed or deleted it meanwhile).
     */
    public Uni<Boolean> update(SqlClient client, ObjectDef def, String id, long expectedVersion, Map<String, Object> changes,
            ChangeEvent event) {
        Tuple tuple = Tuple.of(id, expectedVersion);
        List<String> sets = new ArrayList<>();
        for (Map.Entry<String, Object> change : changes.entrySet()) {
            FieldDef field = def.field(change.getKey()).orElseThrow();
            tuple.addValue(RecordValues.toSql(change.getValue()));
            sets.add(quote(field.column()) + " = $" + tuple.size());
        }
        String write = "UPDATE " + crmTable(def.table()) + " SET " + String.join(", ", sets)
                + ", \"row_version\" = \"row_version\" + 1 WHERE \"id\" = $1 AND \"row_version\" = $2 RETURNING \"id\"";
        return withEvent(client, write, tuple, event).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> delete(SqlClient client, ObjectDef def, String id, ChangeEvent event) {
        String write = "DELETE FROM " + crmTable(def.table()) + " WHERE \"id\" = $1 RETURNING \"id\"";
        return withEvent(client, write, Tuple.of(id), event).map(rows -> rows.rowCount() == 1);
    }

    /** The write and its change event in one statement (the outbox module's one-statement form). */
    private Uni<RowSet<Row>> withEvent(SqlClient client, String write, Tuple tuple, ChangeEvent event) {
        return outbox.store().appendIfWritten(client, write, tuple, outbox.entry(event));
    }

    /** How many records of {@code child} point at the parent through {@code lookup}. */
    public Uni<Long> countReferencing(SqlClient client, ObjectDef child, FieldDef lookup, String parentId) {
        return client.preparedQuery("SELECT count(*) AS n FROM " + crmTable(child.table()) + " WHERE " + quote(lookup.column())
                + " = $1").execute(Tuple.of(parentId)).map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<List<String>> idsReferencing(SqlClient client, ObjectDef child, FieldDef lookup, String parentId) {
        return client.preparedQuery("SELECT \"id\" FROM " + crmTable(child.table()) + " WHERE " + quote(lookup.column())
                + " = $1 ORDER BY \"id\"").execute(Tuple.of(parentId)).map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString("id")));
                    return ids;
                });
    }

    /**
     * The ids among {@code candidates} (object → ids) that do not exist or that {@code caller} may not read, in
     * one query: the read condition sits in the existence check itself, so a record hidden from the caller is
     * indistinguishable from one that is not there.
     */
    public Uni<List<String>> unreadable(SqlClient client, Map<ObjectDef, List<String>> candidates, AccessPolicy policy,
            Caller caller) {
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> parts = new ArrayList<>();
        SqlParams params = new SqlParams();
        for (Map.Entry<ObjectDef, List<String>> entry : candidates.entrySet()) {
            String ids = params.add(entry.getValue().toArray(String[]::new));
            String readable = policy.readableParent(caller, entry.getKey(), "t", params);
            parts.add("SELECT x AS id FROM unnest(" + ids + "::text[]) x WHERE NOT EXISTS (SELECT 1 FROM "
                    + crmTable(entry.getKey().table()) + " t WHERE t.\"id\" = x" + (readable == null ? "" : " AND " + readable) + ")");
        }
        return client.preparedQuery(String.join(" UNION ALL ", parts)).execute(Tuple.from(params.values())).map(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(r -> ids.add(r.getString("id")));
            return ids;
        });
    }
}
