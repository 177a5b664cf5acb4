package com.hotcrm.records.service;

import static com.hotcrm.platform.metadata.Naming.crmTable;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.hotcrm.data.db.PlannerStatistics;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps the planner's statistics of the object tables current ({@link PlannerStatistics}): a million rows
 * loaded through the batch API leave statistics that know the million, so the planner picks the index that
 * serves a list rather than one it thinks matches a few hundred rows.
 */
@ApplicationScoped
public class TableStatistics {

    private final PlannerStatistics statistics;

    TableStatistics(Pool pool, @ConfigProperty(name = "hotcrm.records.analyze.min-rows", defaultValue = "1000") long minRows,
            @ConfigProperty(name = "hotcrm.records.analyze.scale-factor", defaultValue = "0.1") double scaleFactor) {
        this.statistics = new PlannerStatistics(pool, minRows, scaleFactor);
    }

    /** {@code rows} rows of the object's {@code table} were written (created, updated or deleted); may start an ANALYZE. */
    public void written(String table, long rows) {
        statistics.written(crmTable(table), rows);
    }

    long threshold(long rowsAtLastAnalyze) {
        return statistics.threshold(rowsAtLastAnalyze);
    }

    /** Analyzes the object's table now; the rows it found. */
    public Uni<Long> analyze(String table) {
        return statistics.analyze(crmTable(table));
    }
}
