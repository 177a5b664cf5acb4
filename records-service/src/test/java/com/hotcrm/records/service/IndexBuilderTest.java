package com.hotcrm.records.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hotcrm.data.metadata.ObjectTableDdl.Index;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.records.support.Api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/** Indexes on tables that hold rows are built concurrently after the metadata commit, and their state is shown. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class IndexBuilderTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    IndexBuilder builder;

    String status(String object, String field) {
        return given().when().get("/v1/metadata/objects/" + object)
                .then().statusCode(200)
                .extract().path("indexes.find { it.field == '" + field + "' }.status");
    }

    @Test
    void aUniqueFieldOnAnExistingTableIsIndexedConcurrentlyWhileWritesGoOn() {
        Api.account("Before the badge");
        // a transaction elsewhere holding an old snapshot: CREATE INDEX CONCURRENTLY waits for it to end
        // before the index becomes valid, which keeps the build visibly "building" while we look
        SqlConnection other = pool.getConnection().await().atMost(WAIT);
        try {
            other.query("BEGIN ISOLATION LEVEL REPEATABLE READ").execute().await().atMost(WAIT);
            other.query("SELECT count(*) FROM crm.product").execute().await().atMost(WAIT);

            given().contentType(ContentType.JSON).body(Map.of("name", "Badge__c", "type", "text", "unique", true))
                    .when().post("/v1/metadata/objects/Account/fields")
                    .then().statusCode(201);
            await().atMost(WAIT).until(() -> Boolean.TRUE.equals(pool.query(
                    "SELECT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p JOIN pg_class c ON c.oid = p.index_relid "
                            + "WHERE c.relname = 'account_badge__c_key') AS running").execute()
                    .await().atMost(WAIT).iterator().next().getBoolean("running")));
            assertEquals("building", status("Account", "Badge__c"));
            assertEquals(true, given().when().get("/v1/metadata/objects/Account").then()
                    .extract().path("indexes.find { it.field == 'Badge__c' }.unique"));
            // writes to the table go on during the build (a plain CREATE INDEX would hold them until it ends)
            long started = System.nanoTime();
            String written = Api.create("accounts", Map.of("Name", "During the build", "Badge__c", "B-1"));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);
            given().when().get("/v1/accounts/" + written).then().body("Badge__c", equalTo("B-1"));
        } finally {
            other.query("COMMIT").execute().await().atMost(WAIT);
            other.close().await().atMost(WAIT);
        }
        await().atMost(WAIT).until(() -> "ready".equals(status("Account", "Badge__c")));
        assertEquals(true, pool.query("SELECT i.indisvalid AND i.indisready AS valid FROM pg_index i "
                + "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'account_badge__c_key'").execute()
                .await().atMost(WAIT).iterator().next().getBoolean("valid"));
        // and now the database guards the field
        given().contentType(ContentType.JSON).body(Map.of("Name", "Second badge", "Badge__c", "B-1"))
                .when().post("/v1/accounts")
                .then().statusCode(400).body("error.code", equalTo("DUPLICATE_ERROR"));
        assertEquals("ready", status("Account", "OwnerId"));
    }

    @Test
    void aNewObjectsIndexesAreReadyAtOnce() {
        given().contentType(ContentType.JSON).body(Map.of("name", "Ticket__c", "label", "Ticket",
                        "fields", List.of(Map.of("name", "Serial__c", "type", "text", "unique", true))))
                .when().post("/v1/metadata/objects")
                .then().statusCode(201)
                .body("indexes.find { it.field == 'Serial__c' }.status", equalTo("ready"))
                .body("indexes.find { it.field == 'OwnerId' }.status", equalTo("ready"));
    }

    @Test
    void aBuildThatKeepsFailingLeavesNoInvalidIndexAndIsReportedFailed() {
        sql("CREATE TABLE crm.dup_probe (v text)");
        sql("INSERT INTO crm.dup_probe VALUES ('x'), ('x')");
        Index index = new Index("dup_probe_v_key", "dup_probe", "v", "V", true);
        builder.build(List.of(index)).await().atMost(Duration.ofSeconds(30));
        assertEquals(null, indexValid("dup_probe_v_key"));
        assertEquals(Map.of("dup_probe_v_key", "failed"), builder.statuses(List.of(index)).await().atMost(WAIT));
    }

    @Test
    void anInvalidIndexLeftByAFailedBuildIsDetectedDroppedAndBuiltAgain() {
        sql("CREATE TABLE crm.dup_leftover (v text)");
        sql("INSERT INTO crm.dup_leftover VALUES ('x'), ('x')");
        Index index = new Index("dup_leftover_v_key", "dup_leftover", "v", "V", true);
        // what a concurrent build that failed elsewhere leaves behind: an invalid index of the expected name
        assertTrue(pool.query(index.createConcurrently()).execute().onItem().transform(r -> false)
                .onFailure().recoverWithItem(true).await().atMost(WAIT));
        assertEquals(Boolean.FALSE, indexValid("dup_leftover_v_key"));
        assertEquals(Map.of("dup_leftover_v_key", "failed"), builder.statuses(List.of(index)).await().atMost(WAIT));

        sql("DELETE FROM crm.dup_leftover WHERE ctid = (SELECT min(ctid) FROM crm.dup_leftover)");
        builder.build(List.of(index)).await().atMost(Duration.ofSeconds(30));
        assertEquals(Boolean.TRUE, indexValid("dup_leftover_v_key"));
        assertEquals(Map.of("dup_leftover_v_key", "ready"), builder.statuses(List.of(index)).await().atMost(WAIT));
        // it is the unique index the definition asks for, not the invalid leftover kept
        assertTrue(pool.query("INSERT INTO crm.dup_leftover VALUES ('x')").execute().onItem().transform(r -> false)
                .onFailure().recoverWithItem(true).await().atMost(WAIT));
    }

    private void sql(String sql) {
        pool.query(sql).execute().await().atMost(WAIT);
    }

    private Boolean indexValid(String name) {
        var rows = pool.preparedQuery("SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                + "WHERE c.relname = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(name)).await().atMost(WAIT);
        return rows.size() == 0 ? null : rows.iterator().next().getBoolean("valid");
    }
}
