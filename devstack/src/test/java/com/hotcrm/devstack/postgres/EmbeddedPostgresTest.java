package com.hotcrm.devstack.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.Ports;

/** The fallback for a machine with no PostgreSQL: a real server from Maven Central's binaries. */
class EmbeddedPostgresTest {

    @Test
    void embeddedServerAnswersQueriesAndStopsOnClose() throws Exception {
        PostgresServer server;
        try (PostgresLocator.Located located = PostgresLocator.startEmbedded(null)) {
            server = located.server();
            server.createDatabaseIfMissing("hotcrm_embedded_probe");
            try (Connection c = server.connect("hotcrm_embedded_probe"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
                assertTrue(rs.next());
                assertTrue(rs.getInt(1) >= 170000, "PostgreSQL 17 from the binaries BOM");
            }
        }
        assertFalse(Ports.listening(server.host(), server.port()), "the embedded server is stopped");
    }
}
