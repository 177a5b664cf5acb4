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
        pool.query("DROP INDEX crm.contact_created_date_idx").execute().await().atMost(Duration.ofSeconds(10));
        assertEquals("failed", status("Contact", "CreatedDate"));

        bootstrap.onStart(null);

        given().when().get("/v1/metadata/objects/Contact")
                .then().body("fields.find { it.name == 'Kept__c' }.unique", equalTo(true));
        await().atMost(Duration.ofSeconds(20)).until(() -> "ready".equals(status("Contact", "CreatedDate")));
        assertEquals("ready", status("Contact", "Kept__c"));
    }
}
