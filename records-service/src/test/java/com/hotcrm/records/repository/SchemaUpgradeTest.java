package com.hotcrm.records.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.postgres.PostgresServer;
import com.hotcrm.devstack.testing.TestInfrastructure;

/**
 * A database records-service migrated before the outbox module owned {@code crm.outbox} and {@code crm.dead_letter}
 * (its V1, V3, V7 and V9 applied, replayed from the outbox module's {@code db/legacy/records}) starts on this build:
 * Flyway, configured exactly as {@code application.properties} configures Quarkus's, accepts the history and the
 * unsent events are still there to be relayed.
 */
class SchemaUpgradeTest {

    static final Path LEGACY = Path.of("../outbox/src/test/resources/db/legacy/records").toAbsolutePath().normalize();

    static PostgresServer server;
    static String database;

    @BeforeAll
    static void database() {
        server = TestInfrastructure.database().server();
        database = "hotcrm_test_upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        server.createDatabaseIfMissing(database);
    }

    @AfterAll
    static void drop() {
        server.dropDatabase(database);
    }

    @Test
    void aDatabaseMigratedByTheServicesOwnOutboxMigrationsStarts() throws Exception {
        assertTrue(Files.isDirectory(LEGACY), LEGACY + " holds the old migrations");
        Properties config = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            config.load(in);
        }
        // the service as it was: its migrations then, the outbox and dead letters among them
        Flyway before = Flyway.configure().configuration(flyway(config, "classpath:db/migration", "filesystem:" + LEGACY)
                .getConfiguration()).target("9").load();
        before.migrate();
        execute("INSERT INTO crm.outbox (event_id, topic, event_key, payload) VALUES ('" + UUID.randomUUID()
                + "', 'hotcrm.record-changes', 'acc_1', '{\"id\":\"e1\"}')");

        // this build, as Quarkus runs it at start
        MigrateResult result = flyway(config, config.getProperty("quarkus.flyway.locations").split(",")).migrate();

        assertTrue(result.success);
        assertEquals("1", one("SELECT count(*) FROM crm.outbox WHERE sent_at IS NULL"));
        assertEquals("12", one("SELECT max(version::int) FROM crm.flyway_schema_history WHERE success"));
        // V11, V12: the event already there is numbered below the head, not handed to a new reader as news
        assertEquals("1", one("SELECT feed_pos FROM crm.outbox"));
        assertEquals("1 0", one("SELECT head || ' ' || pruned_through FROM crm.change_feed"));
    }

    Flyway flyway(Properties config, String... locations) {
        return Flyway.configure().dataSource(server.jdbcUrl(database), server.user(), server.password())
                .schemas(config.getProperty("quarkus.flyway.schemas"))
                .defaultSchema(config.getProperty("quarkus.flyway.default-schema"))
                .ignoreMigrationPatterns(config.getProperty("quarkus.flyway.ignore-migration-patterns").split(","))
                .locations(locations).load();
    }

    void execute(String sql) throws SQLException {
        try (Connection c = server.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    String one(String sql) throws SQLException {
        try (Connection c = server.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
