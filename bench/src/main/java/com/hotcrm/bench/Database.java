package com.hotcrm.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import com.hotcrm.devstack.postgres.PostgresServer;

/** The suite's database, opened straight with JDBC: for the PostgreSQL side of each workload and for setup. */
record Database(PostgresServer server, String name) {

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server.user());
        if (server.password() != null && !server.password().isEmpty()) {
            properties.setProperty("password", server.password());
        }
        // a 200-row batch goes as one multi-row INSERT, as a hand-written bulk insert would
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.setProperty("ApplicationName", "hotcrm-bench");
        return DriverManager.getConnection(server.jdbcUrl(name), properties);
    }

    @Override
    public String toString() {
        return server.host() + ":" + server.port() + "/" + name;
    }
}
