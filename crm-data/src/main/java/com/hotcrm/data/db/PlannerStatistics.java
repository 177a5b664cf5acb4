package com.hotcrm.data.db;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the planner's statistics of tables a service writes in bulk current where autovacuum does not (it may
 * be off, and it lags a bulk load): rows written are counted per table, and once they exceed
 * {@code min-rows + scale-factor × rows at the last ANALYZE} the table is analyzed, off the caller's path and
 * once at a time per table (writes during it count towards the next). Without it a table filled since its
 * last ANALYZE looks empty to the planner, which then picks plans that are only right for an empty table (a
 * webhook claim that walked 14,000 index entries per candidate, 230 ms instead of 7 ms).
 */
public final class PlannerStatistics {

    private static final Logger LOG = Logger.getLogger(PlannerStatistics.class);

    private static final class Table {
        final AtomicLong written = new AtomicLong();
        final AtomicBoolean analyzing = new AtomicBoolean();
        /** Rows the last ANALYZE found; unknown (-1) until this replica ran one. */
        volatile long rows = -1;
    }

    private final Pool pool;
    private final long minRows;
    private final double scaleFactor;
    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    public PlannerStatistics(Pool pool, long minRows, double scaleFactor) {
        this.pool = pool;
        this.minRows = minRows;
        this.scaleFactor = scaleFactor;
    }

    /**
     * {@code rows} rows of {@code table} (schema-qualified, never from a client) were written (created, updated
     * or deleted); may start an ANALYZE.
     */
    public void written(String table, long rows) {
        if (rows <= 0) {
            return;
        }
        Table state = tables.computeIfAbsent(table, t -> new Table());
        long written = state.written.addAndGet(rows);
        if (written >= threshold(state.rows) && state.analyzing.compareAndSet(false, true)) {
            state.written.addAndGet(-written);
            analyze(table).subscribe().with(found -> {
                state.rows = found;
                state.analyzing.set(false);
                LOG.debugf("Analyzed %s after %d rows written: about %d rows", table, written, found);
            }, failure -> {
                state.written.addAndGet(written); // try again with the next write
                state.analyzing.set(false);
                LOG.warnf("ANALYZE of %s failed: %s", table, failure.getMessage());
            });
        }
    }

    public long threshold(long rowsAtLastAnalyze) {
        return minRows + Math.round(scaleFactor * Math.max(0, rowsAtLastAnalyze));
    }

    /** Analyzes the table now; the rows it found. */
    public Uni<Long> analyze(String table) {
        return pool.withConnection(connection -> connection.query("ANALYZE " + table).execute()
                .flatMap(done -> connection.preparedQuery("SELECT reltuples::bigint AS n FROM pg_class WHERE oid = $1::regclass")
                        .execute(Tuple.of(table)))
                .map(rows -> rows.iterator().next().getLong("n")));
    }
}
