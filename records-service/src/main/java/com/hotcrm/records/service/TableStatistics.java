package com.hotcrm.records.service;

import static com.hotcrm.platform.metadata.Naming.crmTable;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the planner's statistics of the object tables current where autovacuum does not (it may be off, and
 * it lags a bulk load): rows written by batches are counted per table, and once they exceed
 * {@code min-rows + scale-factor × rows at the last ANALYZE} the table is analyzed, off the request's path and
 * once at a time per table (writes during it count towards the next). A million rows loaded through the
 * batch API thus leave statistics that know the million, so the planner picks the index that serves a list
 * rather than one it thinks matches a few hundred rows.
 */
@ApplicationScoped
public class TableStatistics {

    private static final Logger LOG = Logger.getLogger(TableStatistics.class);

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

    TableStatistics(Pool pool, @ConfigProperty(name = "hotcrm.records.analyze.min-rows", defaultValue = "1000") long minRows,
            @ConfigProperty(name = "hotcrm.records.analyze.scale-factor", defaultValue = "0.1") double scaleFactor) {
        this.pool = pool;
        this.minRows = minRows;
        this.scaleFactor = scaleFactor;
    }

    /** {@code rows} rows of {@code table} were written (created, updated or deleted); may start an ANALYZE. */
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

    long threshold(long rowsAtLastAnalyze) {
        return minRows + Math.round(scaleFactor * Math.max(0, rowsAtLastAnalyze));
    }

    /** Analyzes the table now; the rows it found. */
    public Uni<Long> analyze(String table) {
        return pool.withConnection(connection -> connection.query("ANALYZE " + crmTable(table)).execute()
                .flatMap(done -> connection.preparedQuery("SELECT reltuples::bigint AS n FROM pg_class WHERE oid = $1::regclass")
                        .execute(Tuple.of(crmTable(table))))
                .map(rows -> rows.iterator().next().getLong("n")));
    }
}
