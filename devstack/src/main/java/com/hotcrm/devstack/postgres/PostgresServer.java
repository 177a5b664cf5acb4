package com.hotcrm.devstack.postgres;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server the suite can use: where it is, how to log in, and how to make and drop the
 * databases that runs and tests use.
 */
public record PostgresServer(String host, int port, String user, String password, String defaultDatabase) {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * Parses {@code postgresql://host:port/database} (a {@code jdbc:} prefix is accepted too), the format
     * of {@code HOTCRM_DB_URL}. User and password come separately.
     */
    public static PostgresServer fromUrl(String url, String user, String password) {
        String plain = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        URI uri = URI.create(plain);
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "HOTCRM_DB_URL must look like postgresql://host:5432/database, not " + url);
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new PostgresServer(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                user == null || user.isBlank() ? "postgres" : user,
                password == null ? "" : password,
                path.isBlank() ? "postgres" : path);
    }

    /** The URL of one database in the format the services read ({@code HOTCRM_DB_URL}). */
    public String url(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String jdbcUrl(String database) {
        return "jdbc:" + url(database);
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    public void createDatabaseIfMissing(String name) {
        String database = checkedName(name);
        try (Connection c = connect(defaultDatabase);
                var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (var rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + database + " on " + this + ": " + e.getMessage(), e);
        }
    }

    public void dropDatabase(String name) {
        String database = checkedName(name);
        try (Connection c = connect(defaultDatabase); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Database names are spliced into DDL, so only plain lower-case identifiers are accepted. */
    private static String checkedName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!DATABASE_NAME.matcher(lower).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        return lower;
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port;
    }
}
