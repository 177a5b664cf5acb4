package com.hotcrm.data.metadata;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the database of schema crm holds right now, read from the catalog: the tables and columns a new
 * name must not collide with, and the state of each index (a concurrent build is visible while it runs).
 */
@ApplicationScoped
public class SchemaRepository {

    /**
     * An index as the catalog sees it.
     *
     * @param valid built and used by queries and uniqueness checks
     * @param building a {@code CREATE INDEX CONCURRENTLY} is working on it now (in any session)
     */
    public record IndexState(boolean valid, boolean building) {
    }

    public Uni<Set<String>> tables(SqlClient client) {
        return client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'crm'").execute()
                .map(rows -> {
                    Set<String> tables = new HashSet<>();
                    for (Row row : rows) {
                        tables.add(row.getString("table_name"));
                    }
                    return tables;
                });
    }

    public Uni<Set<String>> columns(SqlClient client, String table) {
        return client.preparedQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = 'crm' "
                + "AND table_name = $1").execute(Tuple.of(table))
                .map(rows -> {
                    Set<String> columns = new HashSet<>();
                    for (Row row : rows) {
                        columns.add(row.getString("column_name"));
                    }
                    return columns;
                });
    }

    /** The state of each named index of schema crm; an index that does not exist is absent from the map. */
    public Uni<Map<String, IndexState>> indexStates(SqlClient client, List<String> names) {
        return client.preparedQuery("SELECT c.relname AS name, i.indisvalid AND i.indisready AS valid, "
                + "EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid) AS building "
                + "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'crm' AND c.relname = ANY($1)")
                .execute(Tuple.tuple().addArrayOfString(names.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, IndexState> states = new HashMap<>();
                    for (Row row : rows) {
                        states.put(row.getString("name"), new IndexState(row.getBoolean("valid"), row.getBoolean("building")));
                    }
                    return states;
                });
    }

    /**
     * Runs one DDL statement on its own, outside any transaction: what {@code CREATE INDEX CONCURRENTLY} and
     * {@code DROP INDEX CONCURRENTLY} require. The statement comes from {@link ObjectTableDdl}, never a request.
     * It may rightly take minutes on a big table and waits for older transactions to end, so the session's
     * statement and lock timeouts (hotcrm.db.*) are lifted for it alone, on its own connection.
     */
    public Uni<Void> executeAlone(Pool pool, String ddl) {
        return pool.withConnection(connection -> connection.query("SET statement_timeout = 0").execute()
                .flatMap(set -> connection.query("SET lock_timeout = 0").execute())
                .flatMap(set -> connection.query(ddl).execute())
                .eventually(() -> connection.query("RESET statement_timeout").execute()
                        .flatMap(reset -> connection.query("RESET lock_timeout").execute())
                        .onFailure().recoverWithNull()))
                .replaceWithVoid();
    }
}
