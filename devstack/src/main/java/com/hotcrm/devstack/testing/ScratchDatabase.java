package com.hotcrm.devstack.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.postgres.PostgresServer;

/**
 * A database of its own for a test at volume (a million rows would slow every other test sharing the run's
 * database), on the run's PostgreSQL; dropped on {@link #close}. It runs statements and gives their plans, so that a
 * test can assert what a statement reads: {@link #plan} runs it with {@code EXPLAIN (ANALYZE, FORMAT JSON)}.
 */
public final class ScratchDatabase implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PostgresServer server;
    private final String name;
    private final Connection connection;

    private ScratchDatabase(PostgresServer server, String name) throws SQLException {
        this.server = server;
        this.name = name;
        server.createDatabaseIfMissing(name);
        this.connection = server.connect(name);
    }

    /** A new, empty database named after {@code purpose}. */
    public static ScratchDatabase create(String purpose) {
        try {
            return new ScratchDatabase(TestInfrastructure.database().server(),
                    "hotcrm_test_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not open a scratch database", e);
        }
    }

    /** Runs statements, one after another. */
    public void run(String... sql) {
        try (Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Failed: " + e.getMessage(), e);
        }
    }

    /**
     * The executed plan of a statement written with {@code $1, $2...} placeholders (as the reactive client takes them),
     * given its arguments as SQL literals: the root node of {@code EXPLAIN (ANALYZE, FORMAT JSON)}.
     */
    public JsonNode plan(String sql, String... literals) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PREPARE planned AS " + sql);
            try (ResultSet rows = statement.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE planned"
                    + (literals.length == 0 ? "" : "(" + String.join(", ", literals) + ")"))) {
                rows.next();
                return JSON.readTree(rows.getString(1)).get(0).get("Plan");
            } finally {
                statement.execute("DEALLOCATE planned");
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("Could not explain: " + e.getMessage(), e);
        }
    }

    /** Every node of a plan, the root first. */
    public static void nodes(JsonNode node, Consumer<JsonNode> each) {
        each.accept(node);
        node.path("Plans").forEach(child -> nodes(child, each));
    }

    /** The relations a plan scans, as "node type on relation (index)". */
    public static List<String> scans(JsonNode plan) {
        List<String> scans = new ArrayList<>();
        nodes(plan, node -> {
            if (node.has("Relation Name")) {
                scans.add(node.path("Node Type").asText() + " on " + node.path("Relation Name").asText()
                        + (node.has("Index Name") ? " (" + node.path("Index Name").asText() + ")" : ""));
            }
        });
        return scans;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // dropping it closes every session anyway
        }
        server.dropDatabase(name);
    }
}
