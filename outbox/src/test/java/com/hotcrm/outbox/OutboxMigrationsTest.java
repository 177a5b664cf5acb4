package com.hotcrm.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.TestInfrastructure;

/**
 * The module's tables as a service gets them: Flyway, configured as a service's Quarkus Flyway is (its schema the
 * default one, the module's locations beside its own), over the real PostgreSQL. A fresh schema gets the one shape;
 * a schema whose outbox was made by records-service's or auth-service's own migrations before the module owned it
 * (replayed here from {@code db/legacy}, the files as they were) is brought to that shape with its unsent events
 * intact, and Flyway accepts the history it left.
 */
class OutboxMigrationsTest {

    static final TestInfrastructure.Database DATABASE = TestInfrastructure.database();
    static final String URL = DATABASE.jdbcUrl();
    static final String USER = DATABASE.server().user();
    static final String PASSWORD = DATABASE.server().password();

    String schema;

    @BeforeEach
    void pickSchema() {
        schema = "outbox_test_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** Flyway as a service configures it, with {@code locations} (the service's own and the module's). */
    Flyway flyway(String... locations) {
        return Flyway.configure().dataSource(URL, USER, PASSWORD).schemas(schema).defaultSchema(schema)
                .locations(locations).ignoreMigrationPatterns("*:future", "*:missing").load();
    }

    @Test
    void aFreshSchemaGetsTheOutboxAndTheDeadLetters() throws SQLException {
        flyway("classpath:db/outbox", "classpath:db/dead-letter").migrate();

        assertEquals("json", columnType("outbox", "payload"));
        assertEquals("ALWAYS", generated("outbox", "trace_parent"));
        assertEquals(List.of("dead_letter_waiting", "outbox_sent_at_idx", "outbox_unsent_idx"), partialIndexes());
        long seq = insertEvent("{\"id\":\"e1\",\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}");
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", traceParent(seq));
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + schema + ".dead_letter (consumer, topic, payload, error, attempts, first_failed_at)"
                    + " VALUES ('c', 't', 'not json', 'bad', 3, now())");
        }

        // every later start runs it again: nothing changes, nothing is lost
        flyway("classpath:db/outbox", "classpath:db/dead-letter").migrate();
        assertEquals(1, count("outbox"));
        assertEquals(1, count("dead_letter"));
        assertEquals("json", columnType("outbox", "payload"));
    }

    @Test
    void authServicesTextOutboxBecomesJsonWithItsUnsentEvents() throws SQLException {
        // auth-service until the module owned the table: V3 (payload text), V4 (trace_parent from payload::json)
        flyway("classpath:db/legacy/auth").migrate();
        assertEquals("text", columnType("outbox", "payload"));
        long first = insertEvent("{\"id\":\"u1\",\"traceparent\":\"00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb-01\"}");
        long second = insertEvent("{\"id\":\"u2\"}");

        MigrateResult result = flyway("classpath:db/outbox").migrate();

        assertTrue(result.success);
        assertEquals("json", columnType("outbox", "payload"));
        assertEquals("ALWAYS", generated("outbox", "trace_parent"));
        assertEquals("00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb-01", traceParent(first));
        assertNull(traceParent(second));
        assertEquals(2, unsent());
        // the identity goes on after the events already there: the relay's order holds
        assertTrue(insertEvent("{\"id\":\"u3\"}") > second);
    }

    @Test
    void recordsServicesFirstJsonbOutboxIsBroughtToTheOneShape() throws SQLException {
        // records-service's V1 alone: jsonb payload, no trace_parent
        flyway("classpath:db/legacy/records-v1").migrate();
        assertEquals("jsonb", columnType("outbox", "payload"));
        long seq = insertEvent("{\"traceparent\":\"00-cccccccccccccccccccccccccccccccc-dddddddddddddddd-01\",\"id\":\"r1\"}");

        flyway("classpath:db/outbox").migrate();

        assertEquals("json", columnType("outbox", "payload"));
        assertEquals("00-cccccccccccccccccccccccccccccccc-dddddddddddddddd-01", traceParent(seq));
        assertEquals(1, unsent());
    }

    @Test
    void recordsServicesLatestOutboxAndDeadLettersAreLeftAsTheyAre() throws SQLException {
        // records-service's V1, V3, V7 and V9: already the one shape
        flyway("classpath:db/legacy/records").migrate();
        long seq = insertEvent("{\"id\":\"r1\"}");
        String before = describe();

        MigrateResult result = flyway("classpath:db/outbox", "classpath:db/dead-letter").migrate();

        assertTrue(result.success);
        assertEquals(before, describe());
        assertEquals(seq, lastSeq());
    }

    @Test
    void replicasStartingTogetherMakeTheTablesOnce() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // Flyway's own history table is made by the first start; the callbacks race on every start after it
            s.execute("CREATE SCHEMA " + schema);
        }
        flyway().baseline();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<MigrateResult>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<MigrateResult> start = () -> flyway("classpath:db/outbox", "classpath:db/dead-letter").migrate();
                starts.add(pool.submit(start));
            }
            for (Future<MigrateResult> start : starts) {
                assertTrue(start.get().success);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("json", columnType("outbox", "payload"));
        assertEquals(0, count("dead_letter"));
    }

    // ---------------------------------------------------------------- helpers

    Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    String columnType(String table, String column) throws SQLException {
        return one("SELECT data_type FROM information_schema.columns WHERE table_schema = '" + schema
                + "' AND table_name = '" + table + "' AND column_name = '" + column + "'");
    }

    String generated(String table, String column) throws SQLException {
        return one("SELECT is_generated FROM information_schema.columns WHERE table_schema = '" + schema
                + "' AND table_name = '" + table + "' AND column_name = '" + column + "'");
    }

    List<String> partialIndexes() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = '" + schema
                        + "' AND indexdef LIKE '% WHERE %' ORDER BY indexname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Columns with types and defaults, and index definitions: what a converge must leave alone. */
    String describe() throws SQLException {
        return one("SELECT string_agg(d, E'\\n' ORDER BY d) FROM ("
                + "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '"
                + " || coalesce(column_default, '') || ' ' || coalesce(generation_expression, '') AS d"
                + " FROM information_schema.columns WHERE table_schema = '" + schema + "'"
                + " AND table_name IN ('outbox', 'dead_letter')"
                + " UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = '" + schema + "') x");
    }

    long insertEvent(String payload) throws SQLException {
        return Long.parseLong(one("INSERT INTO " + schema + ".outbox (event_id, topic, event_key, payload) VALUES ('"
                + UUID.randomUUID() + "', 'hotcrm.test', 'k', '" + payload + "') RETURNING seq"));
    }

    String traceParent(long seq) throws SQLException {
        return one("SELECT trace_parent FROM " + schema + ".outbox WHERE seq = " + seq);
    }

    long unsent() throws SQLException {
        return Long.parseLong(one("SELECT count(*) FROM " + schema + ".outbox WHERE sent_at IS NULL"));
    }

    long count(String table) throws SQLException {
        return Long.parseLong(one("SELECT count(*) FROM " + schema + "." + table));
    }

    long lastSeq() throws SQLException {
        return Long.parseLong(one("SELECT max(seq) FROM " + schema + ".outbox"));
    }

    String one(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
