package com.hotcrm.records.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.data.metadata.ObjectTableDdl;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.FieldType;
import com.hotcrm.platform.metadata.ObjectDef;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** A change made by another replica (here: straight in the database, then announced) reaches this one. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class MetadataListenerTest {

    @Inject
    Pool pool;

    @Inject
    MetadataRepository metadata;

    @Test
    void anAnnouncedChangeFromElsewhereIsPickedUp() {
        ObjectDef def = ObjectDef.of("Elsewhere__c", "Elsewhere", "Elsewheres", "elsewhere__c", "cels", true, false,
                List.of(FieldDef.builder("Note__c", FieldType.TEXT).build()), List.of());
        pool.withTransaction(tx -> MetadataBootstrap.execute(tx, ObjectTableDdl.tableAndColumns(def))
                .flatMap(x -> metadata.save(tx, def))
                .flatMap(x -> metadata.announceChange(tx, def.name())))
                .await().atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/v1/metadata/objects")
                .then().statusCode(200).body("objects.name", hasItem("Elsewhere__c")));
        given().contentType("application/json").body("{\"Note__c\": \"hello\"}").when().post("/v1/elsewhere__c")
                .then().statusCode(201);
    }

    @Test
    void aChangeWhoseAnnouncementNeverArrivesIsPickedUpByThePoll() {
        // as a replica on a hot standby sees it: the row changes, no NOTIFY comes
        pool.query("INSERT INTO crm.object_sharing (object, sharing) VALUES ('Product', 'public_read_write') "
                + "ON CONFLICT (object) DO UPDATE SET sharing = EXCLUDED.sharing").execute()
                .await().atMost(Duration.ofSeconds(10));
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/v1/metadata/permissions/Product")
                    .then().statusCode(200).body("sharing", equalTo("public_read_write")));
        } finally {
            pool.query("DELETE FROM crm.object_sharing WHERE object = 'Product'").execute()
                    .await().atMost(Duration.ofSeconds(10));
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/v1/metadata/permissions/Product")
                .then().statusCode(200).body("sharing", equalTo("public_read_only")));
    }
}
