package com.hotcrm.devstack.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

import com.hotcrm.devstack.Ports;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Finds the PostgreSQL the suite runs on, in this order: {@code HOTCRM_DB_URL} (with
 * {@code HOTCRM_DB_USER} and {@code HOTCRM_DB_PASSWORD}) when set; else the server at 127.0.0.1:5432 when
 * one answers and lets user postgres in; else an embedded PostgreSQL started from Maven Central's
 * binaries, which lives until {@link Located#close()}.
 */
public final class PostgresLocator {

    private PostgresLocator() {
    }

    /** A server and, when it was started here, the handle that stops it. */
    public record Located(PostgresServer server, String origin, AutoCloseable owned) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (owned != null) {
                owned.close();
            }
        }
    }

    /**
     * @param embeddedDataDir where an embedded server keeps its data; {@code null} for a throw-away one
     */
    public static Located locate(Map<String, String> env, Path embeddedDataDir) throws IOException {
        String url = env.get("HOTCRM_DB_URL");
        if (url != null && !url.isBlank()) {
            return new Located(PostgresServer.fromUrl(url, env.get("HOTCRM_DB_USER"), env.get("HOTCRM_DB_PASSWORD")),
                    "HOTCRM_DB_URL", null);
        }
        PostgresServer local = new PostgresServer("127.0.0.1", 5432, "postgres", "", "postgres");
        if (answers(local)) {
            return new Located(local, "the server at 127.0.0.1:5432", null);
        }
        return startEmbedded(embeddedDataDir);
    }

    private static boolean answers(PostgresServer server) {
        if (!Ports.listening(server.host(), server.port())) {
            return false;
        }
        try (Connection c = server.connect(server.defaultDatabase())) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    static Located startEmbedded(Path dataDir) throws IOException {
        Path workDir = Files.createTempDirectory("hotcrm-embedded-pg");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(workDir.toFile())
                .setServerConfig("max_connections", "300");
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        EmbeddedPostgres pg = builder.start();
        PostgresServer server = new PostgresServer("127.0.0.1", pg.getPort(), "postgres", "", "postgres");
        return new Located(server, "an embedded PostgreSQL on port " + pg.getPort(), pg);
    }
}
