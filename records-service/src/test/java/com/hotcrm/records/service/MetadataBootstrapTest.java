package com.hotcrm.records.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;

/** A start of records-service over a database that has its tables already (a restart, another replica). */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class MetadataBootstrapTest {

    @Inject
    Pool pool;

    @Inject
    MetadataBootstrap bootstrap;

    String status(String object, String field) {
        return given().when().get("/v1/metadata/objects/" + object)
                .then().statusCode(200)
                .extract().path("indexes.find { it.field == '" + field + "' }.status");
    }

    @Test
    void aStartKeepsCustomFieldsOfStandardObjectsAndRebuildsAMissingIndexConcurrently() {
        given().contentType(ContentType.JSON).body(Map.of("name", "Kept__c", "type", "text", "unique", true))
                .when().post("/v1/metadata/objects/Contact/fields")
                .then().statusCode(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> "ready".equals(status("Contact", "Kept__c")));
        pool.query("DROP INDEX crm.contact_created_date_id_idx").execute().await().atMost(Duration.ofSeconds(10));
        assertEquals("failed", status("Contact", "CreatedDate"));

        bootstrap.onStart(null);

        given().when().get("/v1/metadata/objects/Contact")
                .then().body("fields.find { it.name == 'Kept__c' }.unique", equalTo(true));
        await().atMost(Duration.ofSeconds(20)).until(() -> "ready".equals(status("Contact", "CreatedDate")));
        assertEquals("ready", status("Contact", "Kept__c"));
    }

    private String indexDefinition(String name) {
        var rows = pool.preparedQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = 'crm' AND indexname = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(name)).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getString("indexdef");
    }

    @Test
    void anUpgradeReplacesASingleColumnIndexWithTheSortIndexConcurrently() {
        // as an installation of the previous version has it: annual_revenue alone
        pool.query("DROP INDEX crm.account_annual_revenue_id_idx").execute().await().atMost(Duration.ofSeconds(10));
        pool.query("CREATE INDEX account_annual_revenue_idx ON crm.account (annual_revenue)").execute()
                .await().atMost(Duration.ofSeconds(10));

        bootstrap.onStart(null);

        await().atMost(Duration.ofSeconds(30)).until(() -> indexDefinition("account_annual_revenue_idx") == null);
        assertEquals("CREATE INDEX account_annual_revenue_id_idx ON crm.account USING btree (annual_revenue NULLS FIRST, id)",
                indexDefinition("account_annual_revenue_id_idx"));
        assertEquals("ready", status("Account", "AnnualRevenue"));
    }
}
