package com.hotcrm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    private static final Path ROOT = Path.of("/project");

    @Test
    void theDefaultsAreTheIssuesMillionAccountsAt32Connections() {
        Bench.Options options = Bench.parse(new String[0], ROOT);
        assertEquals(1_000_000, options.rows());
        assertEquals(32, options.concurrency());
        assertEquals(Duration.ofSeconds(20), options.duration());
        assertFalse(options.direct());
        assertTrue(options.workloads().isEmpty(), "every workload");
        assertEquals(ROOT.resolve("bench/target/bench-report.md"), options.report());
    }

    @Test
    void smokeIsTenThousandRowsAndShortWorkloadsWithTheDirectCalls() {
        Bench.Options options = Bench.parse(new String[] { "--smoke", "--workloads", "get,batch" }, ROOT);
        assertEquals(10_000, options.rows());
        assertTrue(options.duration().compareTo(Duration.ofSeconds(3)) <= 0);
        assertTrue(options.direct());
        assertEquals(Set.of("get", "batch"), options.workloads());
    }

    @Test
    void optionsTakeTheirValues() {
        Bench.Options options = Bench.parse(new String[] { "--rows", "200,000", "--concurrency", "8", "--duration", "2.5",
                "--direct", "--suite" }, ROOT);
        assertEquals(200_000, options.rows());
        assertEquals(8, options.concurrency());
        assertEquals(Duration.ofMillis(2500), options.duration());
        assertTrue(options.direct());
        assertTrue(options.ownSuite());
    }

    @Test
    void unknownOptionsWorkloadsAndBadNumbersAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bench.parse(new String[] { "--fast" }, ROOT))
                .getMessage().contains("--fast"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Bench.parse(new String[] { "--workloads", "get,delete" }, ROOT)).getMessage().contains("delete"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bench.parse(new String[] { "--rows", "-5" }, ROOT))
                .getMessage().contains("--rows"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bench.parse(new String[] { "--rows" }, ROOT))
                .getMessage().contains("needs a value"));
    }
}
