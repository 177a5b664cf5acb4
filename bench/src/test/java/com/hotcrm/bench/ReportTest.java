package com.hotcrm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.suite.Service;

class ReportTest {

    private static final Workload GET = new Workload("get", "get by id", "req", Service.RECORDS, "ratio >= 0.40, p99 <= 30 ms",
            0.40, 0, 30, api -> null, sql -> null, "by primary key");
    private static final Workload BATCH = new Workload("batch", "batch create, 200 records", "rows", Service.RECORDS,
            ">= 20,000 rows/s", 0, 20_000, 0, api -> null, sql -> null, "rows/s");
    /** Something the API cannot do (none of the workloads is one now): listed, never measured. */
    private static final Workload PLACEHOLDER = new Workload("not-yet", "not in the API yet", "req", Service.QUERY,
            null, 0, 0, 0, null, null, "NOT MEASURED");

    @Test
    void ratiosGatewayCostAndTargetsComeFromTheMeasurements() {
        Report.Row get = new Report.Row(GET, measured(1000, 1000, 10, 20), measured(1250, 1250, 8, 15),
                measured(2000, 2000, 2, 5));
        assertEquals(0.5, get.ratio(), 1e-9);
        assertEquals(0.2, get.gatewayCost(), 1e-9);
        assertTrue(get.met());

        Report.Row slow = new Report.Row(GET, measured(1000, 1000, 10, 45), null, measured(2000, 2000, 2, 5));
        assertFalse(slow.met(), "a p99 over 30 ms misses the target even at a good ratio");

        Report.Row batch = new Report.Row(BATCH, measured(10, 2000, 100, 300), null, measured(100, 20_000, 10, 20));
        assertFalse(batch.met(), "2,000 rows/s is under 20,000");
        assertEquals(0.1, batch.ratio(), 1e-9);
    }

    @Test
    void theTableHasARowPerWorkloadAndMarksThePlaceholder() {
        Report report = new Report(List.of("Run on 2 cores"), true);
        report.add(new Report.Row(GET, measured(1000, 1000, 10, 20), measured(1250, 1250, 8, 15), measured(2000, 2000, 2, 5)));
        report.add(new Report.Row(PLACEHOLDER, null, null, null));
        String table = report.markdown();
        assertTrue(table.contains("| get by id | 1,000 | 10.0 | 20.0 | 2,000 | 0.50 | ratio >= 0.40, p99 <= 30 ms | yes | 1,250 | 20 % | 0 |"),
                table);
        assertTrue(table.contains("| not in the API yet | not supported by the API |"), table);
        assertTrue(table.contains("Run on 2 cores"), table);
    }

    /** {@code calls} in one second, {@code units} done, every latency at p50 but 1 % at p99 (milliseconds). */
    private static ClosedLoop.Measurement measured(long calls, long units, double p50, double p99) {
        Histogram h = ClosedLoop.newHistogram();
        h.recordValueWithCount(Math.round(p50 * 1000), 98);
        h.recordValueWithCount(Math.round(p99 * 1000), 2);
        return new ClosedLoop.Measurement(calls, units, 0, null, 1.0, h);
    }
}
