package com.hotcrm.devstack.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void parsesTheServiceUrlFormatAndTheJdbcOne() {
        PostgresServer server = PostgresServer.fromUrl("postgresql://db.internal:6543/crm", "app", "secret");
        assertEquals("db.internal", server.host());
        assertEquals(6543, server.port());
        assertEquals("crm", server.defaultDatabase());
        assertEquals("jdbc:postgresql://db.internal:6543/other", server.jdbcUrl("other"));

        PostgresServer jdbc = PostgresServer.fromUrl("jdbc:postgresql://localhost/crm", null, null);
        assertEquals(5432, jdbc.port());
        assertEquals("postgres", jdbc.user());
    }

    @Test
    void rejectsAUrlOfAnotherDatabase() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresServer.fromUrl("mysql://localhost/crm", null, null));
        assertTrue(e.getMessage().contains("postgresql://host:5432/database"));
    }

    @Test
    void createsAndDropsADatabaseOnTheLocatedServer() throws Exception {
        try (PostgresLocator.Located located = PostgresLocator.locate(Map.of(), null)) {
            PostgresServer server = located.server();
            String name = "hotcrm_devstack_probe_" + ProcessHandle.current().pid();
            server.createDatabaseIfMissing(name);
            server.createDatabaseIfMissing(name);
            assertTrue(exists(server, name));
            server.dropDatabase(name);
            assertFalse(exists(server, name));
        }
    }

    @Test
    void refusesADatabaseNameThatIsNotAPlainIdentifier() {
        PostgresServer server = new PostgresServer("127.0.0.1", 5432, "postgres", "", "postgres");
        assertThrows(IllegalArgumentException.class, () -> server.createDatabaseIfMissing("x; DROP DATABASE postgres"));
    }

    private static boolean exists(PostgresServer server, String name) throws Exception {
        try (Connection c = server.connect("postgres");
                PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
