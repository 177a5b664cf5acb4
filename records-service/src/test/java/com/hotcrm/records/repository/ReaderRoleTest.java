package com.hotcrm.records.repository;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.records.support.Api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The role query-service reads with (hotcrm_reader, made by the migrations) may read every object table,
 * including those records-service creates after the migrations ran (a custom object made through the API),
 * and may change none of them.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class ReaderRoleTest {

    @Inject
    Pool pool;

    @Test
    void theReaderRoleReadsEveryObjectTableAndWritesNone() {
        String account = Api.account("Read By The Reader");
        assertEquals(1L, asReader("SELECT count(*) FROM crm.account WHERE id = '" + account + "'"));
        assertEquals(1L, asReader("SELECT count(*) FROM crm.object_metadata WHERE name = 'Account'"));

        given().contentType(ContentType.JSON).body("""
                {"name": "Ledger__c", "label": "Ledger", "fields": [{"name": "Balance__c", "type": "currency"}]}""")
                .when().post("/v1/metadata/objects").then().statusCode(201);
        Api.create("ledger__c", Map.of("Balance__c", 12));
        assertEquals(1L, asReader("SELECT count(*) FROM crm.ledger__c"), "a table made after the migrations");

        for (String write : new String[] { "INSERT INTO crm.account (id, name) VALUES ('acc_READER', 'No')",
                "UPDATE crm.ledger__c SET balance__c = 0", "DELETE FROM crm.account", "SELECT count(*) FROM crm.outbox",
                "SELECT count(*) FROM crm.dead_letter" }) {
            Exception e = assertThrows(Exception.class, () -> asReader(write), write);
            assertThat(write, e.getMessage(), containsString("permission denied"));
        }
        assertEquals(0L, single("SELECT count(*) FROM crm.account WHERE id = 'acc_READER'"));
        assertEquals(1L, single("SELECT count(*) FROM crm.ledger__c WHERE balance__c = 12"));
    }

    /** Runs a statement as hotcrm_reader (for this transaction only). */
    private long asReader(String sql) {
        return pool.withTransaction(tx -> tx.query("SET LOCAL ROLE hotcrm_reader").execute()
                .flatMap(x -> tx.query(sql).execute())
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : -1L))
                .await().atMost(Duration.ofSeconds(10));
    }

    private long single(String sql) {
        return pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}
