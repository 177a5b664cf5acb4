package com.hotcrm.devstack.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.Ports;

/** The fault suite's own PostgreSQL: stopped and crashed, it comes back on the same port with its data. */
class RestartablePostgresTest {

    @Test
    void keepsItsPortAndCommittedDataThroughAShutdownAndACrash() throws Exception {
        PostgresServer server;
        try (RestartablePostgres postgres = RestartablePostgres.start()) {
            server = postgres.server();
            server.createDatabaseIfMissing("hotcrm_restart_probe");
            execute(server, "CREATE TABLE probe (n int)");
            execute(server, "INSERT INTO probe VALUES (1)");

            postgres.stop();
            assertFalse(Ports.listening(server.host(), server.port()), "stopped");
            assertThrows(SQLException.class, () -> server.connect("hotcrm_restart_probe"));
            postgres.startAgain();
            execute(server, "INSERT INTO probe VALUES (2)");

            try (Connection open = server.connect("hotcrm_restart_probe")) {
                open.setAutoCommit(false);
                try (Statement s = open.createStatement()) {
                    s.execute("INSERT INTO probe VALUES (3)"); // never committed
                }
                postgres.crash();
                assertFalse(Ports.listening(server.host(), server.port()), "crashed");
                assertThrows(SQLException.class, open::commit, "the crash ended the session");
            }
            postgres.startAgain();
            assertEquals(server.port(), postgres.port());
            try (Connection c = server.connect("hotcrm_restart_probe"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT string_agg(n::text, ',' ORDER BY n) FROM probe")) {
                assertTrue(rs.next());
                assertEquals("1,2", rs.getString(1), "what was committed survived, what was not did not");
            }
        }
        assertFalse(Ports.listening(server.host(), server.port()), "closed");
    }

    private static void execute(PostgresServer server, String sql) throws SQLException {
        try (Connection c = server.connect("hotcrm_restart_probe"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
