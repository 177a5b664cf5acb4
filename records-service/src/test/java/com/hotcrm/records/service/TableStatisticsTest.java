package com.hotcrm.records.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * A bulk load through the batch API leaves the planner statistics that know the rows, without autovacuum
 * (off on the development machines, and off here for this table): 50,000 records of a custom object, then
 * pg_class.reltuples and pg_stats are read.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class TableStatisticsTest {

    static final int RECORDS = 50_000;
    static final String[] TIERS = { "Gold", "Silver", "Bronze", "Iron", "Wood" };

    @Inject
    Pool pool;

    private Row stats(String sql) {
        return pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    @Test
    void aBulkLoadThroughTheBatchApiLeavesStatisticsThatKnowTheRows() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("name", "Bulk__c", "label", "Bulk", "labelPlural", "Bulks",
                "fields", List.of(Map.of("name", "Tier__c", "type", "text", "indexed", true),
                        Map.of("name", "Amount__c", "type", "number"))))
                .when().post("/v1/metadata/objects").then().statusCode(201);
        String path = given().when().get("/v1/metadata/objects/Bulk__c").then().statusCode(200).extract().path("path");
        pool.query("ALTER TABLE crm.bulk__c SET (autovacuum_enabled = false)").execute().await().atMost(Duration.ofSeconds(10));
        assertTrue(stats("SELECT reltuples FROM pg_class WHERE oid = 'crm.bulk__c'::regclass").getDouble(0) <= 0,
                "a new table has no statistics");

        long start = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int batch = 0; batch < RECORDS / 200; batch++) {
                int first = batch * 200;
                sent.add(clients.submit(() -> {
                    List<Map<String, Object>> records = new ArrayList<>();
                    for (int i = first; i < first + 200; i++) {
                        records.add(Map.of("Tier__c", TIERS[i % TIERS.length], "Amount__c", i));
                    }
                    given().contentType(ContentType.JSON).body(Map.of("records", records))
                            .when().post("/v1/batch/" + path).then().statusCode(200).body("successCount", equalTo(200));
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        System.out.printf("[statistics] %,d records through the batch API in %.1f s%n", RECORDS, (System.nanoTime() - start) / 1e9);

        // the last ANALYZE ran within a tenth (plus 1,000 rows) of the end of the load, off the requests' path
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            double tuples = stats("SELECT reltuples FROM pg_class WHERE oid = 'crm.bulk__c'::regclass").getDouble(0);
            assertTrue(tuples >= (RECORDS - 1_000) / 1.1 - 1, "reltuples " + tuples + " knows the load");
        });
        Row table = stats("SELECT reltuples, last_analyze IS NOT NULL AS analyzed, last_autoanalyze IS NULL AS not_auto "
                + "FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = 'crm.bulk__c'::regclass");
        assertTrue(table.getBoolean("analyzed") && table.getBoolean("not_auto"), "analyzed by records-service, not autovacuum");
        Row tier = stats("SELECT n_distinct, array_length(most_common_vals::text::text[], 1) AS common FROM pg_stats "
                + "WHERE schemaname = 'crm' AND tablename = 'bulk__c' AND attname = 'tier__c'");
        assertEquals(TIERS.length, tier.getDouble("n_distinct").intValue(), "pg_stats knows the tiers");
        assertEquals(TIERS.length, tier.getInteger("common"));
        System.out.printf("[statistics] reltuples %.0f after %,d records%n", table.getDouble("reltuples"), RECORDS);
    }
}
