package com.hotcrm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.suite.Suite;

/**
 * The benchmark's smoke run, so that it keeps working: a throw-away suite of the packaged services, 10,000
 * accounts and their related records loaded through the API, every workload through the gateway, straight at
 * its service and on PostgreSQL for about two seconds each. Only that every workload ran without an error is
 * asserted; the numbers are printed (bench/target/bench-smoke-report.md), never held to a target here.
 */
class BenchSmokeIT {

    @Test
    void everyWorkloadRunsThroughTheGatewayTheServiceAndPostgresqlWithoutAnError() throws Exception {
        Path root = Path.of(System.getProperty("hotcrm.home", "..")).toAbsolutePath().normalize();
        String database = "hotcrm_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Path report = root.resolve("bench/target/bench-smoke-report.md");
        Files.deleteIfExists(report);
        Suite.Options options = new Suite.Options(root, root.resolve("bench/target/suite"), database, true,
                new HashMap<>(System.getenv()));
        try (Suite suite = Suite.start(options, line -> System.out.println("[bench] " + line))) {
            Bench.Outcome outcome = Bench.run(Bench.Options.smoke(report), Bench.Target.of(suite), System.out::println);

            List<String> keys = outcome.workloads().stream().map(Bench.Measured::workload).toList();
            assertEquals(List.of("get", "list", "parent-list", "children", "query", "count", "groupby", "create", "update",
                    "batch"), keys);
            for (Bench.Measured m : outcome.workloads()) {
                assertFalse(m.placeholder(), m.workload() + " is a placeholder: every workload is measured");
                assertEquals(0, m.errors(), m.workload() + " failed: " + m.firstError());
                assertTrue(m.gatewayCalls() > 0, m.workload() + " made no call through the gateway");
                assertTrue(m.directCalls() > 0, m.workload() + " made no call straight to its service");
                assertTrue(m.postgresCalls() > 0, m.workload() + " ran no SQL on PostgreSQL");
            }
            String written = Files.readString(report);
            assertTrue(written.contains("| get by id | "), written);
            assertFalse(written.contains("not supported by the API"), written);
            assertTrue(written.contains("| list filtered/sorted on a parent field | "), written);
            assertTrue(written.contains("10,000 accounts") || written.contains("accounts there already"), written);
        }
    }
}
