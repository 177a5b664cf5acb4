package com.hotcrm.query;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.vertx.mutiny.sqlclient.PreparedQuery;
import io.vertx.mutiny.sqlclient.Query;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/**
 * Writes down every statement query-service sends through its (real) pool, so a test can tell how many
 * statements a request took: a relationship must cost one statement per page, not one per record.
 */
@Singleton
public class StatementLog {

    private final List<String> statements = new CopyOnWriteArrayList<>();

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    io.vertx.mutiny.sqlclient.Pool loggingPool(io.vertx.sqlclient.Pool pool) {
        return new io.vertx.mutiny.sqlclient.Pool(pool) {
            @Override
            public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
                statements.add(sql);
                return super.preparedQuery(sql);
            }

            @Override
            public Query<RowSet<Row>> query(String sql) {
                statements.add(sql);
                return super.query(sql);
            }
        };
    }

    public void clear() {
        statements.clear();
    }

    /** The statements since the last {@link #clear}, on crm's object tables (not metadata reloads). */
    public List<String> onObjectTables() {
        return statements.stream().filter(sql -> !sql.contains("object_metadata")).toList();
    }
}
