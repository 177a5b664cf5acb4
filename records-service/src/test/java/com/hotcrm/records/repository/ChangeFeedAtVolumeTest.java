package com.hotcrm.records.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.postgres.PostgresServer;
import com.hotcrm.devstack.testing.TestInfrastructure;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * The change feed at a million outbox rows (the outbox module's table, V11 and V12, as migrated): a page of two objects
 * deep in the feed merges one ordered index run per object and sorts nothing, and the sequencer finds what it has to
 * number from its small index, never reading the numbered rows. Plans are printed, their shape asserted.
 * <p>
 * A database of its own (dropped at the end) so that the module's other tests keep their small outbox.
 */
class ChangeFeedAtVolumeTest {

    static final int ROWS = Integer.getInteger("hotcrm.test.volume-rows", 1_000_000);

    static PostgresServer server;
    static String database;
    static Vertx vertx;
    static Pool pool;

    @BeforeAll
    static void load() throws IOException {
        server = TestInfrastructure.database().server();
        database = "hotcrm_test_feed_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        server.createDatabaseIfMissing(database);
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().using(vertx).with(new PoolOptions().setMaxSize(2))
                .connectingTo(PgConnectOptions.fromUri(server.url(database)).setUser(server.user()).setPassword(server.password()))
                .build();
        long start = System.nanoTime();
        run("CREATE SCHEMA crm");
        run(resource("db/outbox/beforeMigrate__outbox.sql").replace("${flyway:defaultSchema}", "crm"));
        run(resource("db/migration/V11__change_feed.sql"));
        run(resource("db/migration/V12__change_feed_pruned_through.sql"));
        // half the changes are accounts', the rest spread over contacts, opportunities and leads; all sent and numbered
        run("INSERT INTO crm.outbox (event_id, topic, event_key, payload, created_at, sent_at, feed_pos, feed_object) "
                + "SELECT gen_random_uuid(), 'hotcrm.record-changes', o || ':x' || i, "
                + "json_build_object('type', 'hotcrm.record.updated', 'data', json_build_object('object', o, 'id', 'x' || i)), "
                + "now() - interval '1 day', now() - interval '1 day', i, o "
                + "FROM (SELECT i, (ARRAY['Account','Account','Contact','Opportunity','Lead','Account'])[1 + i % 6] AS o "
                + "FROM generate_series(1, " + ROWS + ") i) s");
        run("UPDATE crm.change_feed SET head = " + ROWS);
        // and the last moments' writes, committed but not numbered yet
        run("INSERT INTO crm.outbox (event_id, topic, event_key, payload) SELECT gen_random_uuid(), 'hotcrm.record-changes', "
                + "'Account:y' || i, '{}'::json FROM generate_series(1, 5000) i");
        run("ANALYZE crm.outbox");
        System.out.printf("[volume] %d numbered outbox rows and 5000 to number loaded and analyzed in %.1f s%n", ROWS,
                (System.nanoTime() - start) / 1e9);
    }

    @AfterAll
    static void drop() {
        if (pool != null) {
            pool.close().await().atMost(Duration.ofSeconds(10));
            vertx.close().await().atMost(Duration.ofSeconds(10));
        }
        if (database != null) {
            server.dropDatabase(database);
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = ChangeFeedAtVolumeTest.class.getClassLoader().getResourceAsStream(name)) {
            assertTrue(in != null, name + " on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void run(String sql) {
        pool.query(sql).execute().await().atMost(Duration.ofMinutes(5));
    }

    static JsonObject explain(String options, String sql, List<Object> params) {
        Row row = pool.preparedQuery("EXPLAIN (" + options + ", FORMAT JSON) " + sql).execute(Tuple.from(params))
                .await().atMost(Duration.ofMinutes(2)).iterator().next();
        return new JsonArray(row.getValue(0).toString()).getJsonObject(0).getJsonObject("Plan");
    }

    static void nodes(JsonObject node, Consumer<JsonObject> each) {
        each.accept(node);
        JsonArray children = node.getJsonArray("Plans");
        if (children != null) {
            children.forEach(child -> nodes((JsonObject) child, each));
        }
    }

    /**
     * The index scans of the plan, after checking that none reads the whole outbox and that no sort sees more than
     * {@code maxSorted} rows (planned).
     */
    static List<String> indexScansOnly(JsonObject plan, long maxSorted) {
        List<String> scans = new ArrayList<>();
        nodes(plan, node -> {
            String type = node.getString("Node Type");
            String relation = node.getString("Relation Name");
            assertFalse("outbox".equals(relation) && (type.equals("Seq Scan") || type.startsWith("Bitmap")),
                    "no scan of the whole outbox: " + plan.encodePrettily());
            if (type.equals("Sort") || type.equals("Incremental Sort")) {
                assertTrue(node.getLong("Plan Rows") <= maxSorted, "no sort of more than " + maxSorted + " rows: "
                        + plan.encodePrettily());
            }
            if (type.startsWith("Index")) {
                scans.add(node.getString("Index Name"));
            }
        });
        return scans;
    }

    @Test
    void aPageDeepInTheFeedMergesOneIndexRunPerObject() {
        ChangeFeedRepository.Statement page = ChangeFeedRepository.pageStatement(List.of("Contact", "Opportunity"),
                ROWS / 2, 101);
        JsonObject plan = explain("ANALYZE, BUFFERS", page.sql(), page.params());
        List<String> scans = indexScansOnly(plan, 0);
        assertEquals(List.of("outbox_feed_idx", "outbox_feed_idx"), scans.stream().filter(s -> s.startsWith("outbox")).toList());
        assertTrue(plan.getLong("Actual Rows") <= 101, "one page: " + plan.getLong("Actual Rows"));
        System.out.printf("[volume] feed page of Contact and Opportunity after position %d of %d: %.2f ms, scans %s%n",
                ROWS / 2, ROWS, plan.getDouble("Actual Total Time"), scans);
    }

    @Test
    void theSequencerReadsOnlyWhatItHasToNumber() {
        JsonObject plan = explain("COSTS true", ChangeFeedRepository.SEQUENCE, List.of(5000));
        // the batch is numbered in seq order: a sort of the batch, never of the table
        List<String> scans = indexScansOnly(plan, 5000);
        assertTrue(scans.contains("outbox_unpositioned_idx"), "finds its rows by their own index: " + scans);
        System.out.printf("[volume] sequencer over %d numbered rows: scans %s%n", ROWS, scans);
    }
}
