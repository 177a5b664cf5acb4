package com.hotcrm.bench;

import java.util.function.Function;

import com.hotcrm.devstack.suite.Service;

/**
 * One thing the benchmark measures: how to do it through the API (the gateway, or {@code service} directly
 * with {@code --direct}), and the same work as plain SQL on PostgreSQL where there is a direct equivalent.
 * A workload without an API side is a placeholder for something the API cannot do yet; it is listed in
 * the report, never measured.
 *
 * @param key the name {@code --workloads} selects it by
 * @param unit what a call's count means: {@code req}, or {@code rows} for a batch (a call counts its rows)
 * @param target the target, as text for the report; {@code null} for none
 * @param minRatio the target's least HotCRM/PostgreSQL ratio, or 0
 * @param minUnitsPerSecond the target's least absolute throughput, or 0
 * @param maxP99Millis the target's greatest p99 through the gateway, or 0
 * @param note what the reader of the report must know (what the PostgreSQL side runs, why it is missing)
 */
record Workload(String key, String title, String unit, Service service, String target, double minRatio,
        double minUnitsPerSecond, double maxP99Millis, Function<Api, ClosedLoop.OperationFactory> api,
        Function<Sql, ClosedLoop.OperationFactory> sql, String note) {

    boolean placeholder() {
        return api == null;
    }

    /** The PostgreSQL side's context: the database, the fixture, and where inserted rows are noted for clean-up. */
    record Sql(Database database, Fixture fixture, InsertedRows inserted) {
    }
}
