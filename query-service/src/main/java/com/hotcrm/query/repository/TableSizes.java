package com.hotcrm.query.repository;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

import com.hotcrm.query.config.QueryConfig;

/**
 * About how many rows each table of schema crm holds, read from the catalog every
 * {@code hotcrm.query.table-size-refresh} (never on a request's path): what decides whether a table is big
 * enough that a sort no index serves is refused rather than left to read and sort every match.
 * <p>
 * The estimate is the planner's: the rows per page seen by the last ANALYZE times the table's pages now, so
 * it follows a table that grew since (autovacuum may be off). A table never analyzed is taken to hold 40 rows
 * per 8 kB page, a CRM row's usual size.
 */
@ApplicationScoped
public class TableSizes {

    private static final Logger LOG = Logger.getLogger(TableSizes.class);
    static final String SQL = "SELECT c.relname AS name, c.reltuples::float8 AS tuples, c.relpages AS pages, "
            + "pg_relation_size(c.oid) / current_setting('block_size')::int AS pages_now "
            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'crm' AND c.relkind = 'r'";
    private static final double DEFAULT_ROWS_PER_PAGE = 40;

    private final Pool pool;
    private final Vertx vertx;
    private final Duration refreshEvery;
    private volatile Map<String, Long> rows = Map.of();
    private long timer = -1;

    TableSizes(Pool pool, Vertx vertx, QueryConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.refreshEvery = config.tableSizeRefresh();
    }

    void onStart(@Observes StartupEvent event) {
        refresh().subscribe().with(done -> {
        }, failure -> LOG.warnf("Reading table sizes failed: %s", failure.getMessage()));
        timer = vertx.setPeriodic(refreshEvery.toMillis(), id -> refresh().subscribe().with(done -> {
        }, failure -> LOG.debugf("Reading table sizes failed: %s", failure.getMessage())));
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Reads the sizes now (the periodic refresh calls this; so may a test). */
    public Uni<Void> refresh() {
        return pool.query(SQL).execute().map(set -> {
            Map<String, Long> sizes = new HashMap<>();
            for (Row row : set) {
                sizes.put(row.getString("name"), estimate(row.getDouble("tuples"), row.getInteger("pages"),
                        row.getLong("pages_now")));
            }
            rows = Map.copyOf(sizes);
            return null;
        }).replaceWithVoid();
    }

    static long estimate(double tuples, int pages, long pagesNow) {
        if (tuples >= 0 && pages > 0) {
            return Math.round(tuples / pages * pagesNow);
        }
        if (tuples > 0) {
            return Math.round(tuples);
        }
        return Math.round(DEFAULT_ROWS_PER_PAGE * pagesNow);
    }

    /** About how many rows the table holds, as of the last refresh; 0 for a table not seen yet. */
    public long rows(String table) {
        return rows.getOrDefault(table, 0L);
    }
}
