package com.hotcrm.records.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.devstack.testing.KafkaEvents;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.records.support.Api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class RecordChangeEventsTest {

    @Test
    void eachWriteIsExactlyOneEventWithTypeKeyAndData() throws Exception {
        try (KafkaEvents events = new KafkaEvents(ChangeEvent.TOPIC)) {
            String id = Api.create("accounts", Map.of("Name", "Evented Inc", "Industry", "Finance"));
            given().contentType(ContentType.JSON).body(Map.of("Phone", "+1-555-0404", "Industry", "Finance"))
                    .when().patch("/v1/accounts/" + id).then().statusCode(200);
            given().contentType(ContentType.JSON).body(Map.of("Industry", "Finance"))
                    .when().patch("/v1/accounts/" + id).then().statusCode(200);
            given().when().delete("/v1/accounts/" + id).then().statusCode(200);

            List<JsonNode> received = events.forKey("Account:" + id, 3);
            assertEquals(3, received.size(), "create, one real update, delete: the no-op PATCH publishes nothing");

            JsonNode created = received.get(0);
            assertEquals("hotcrm.record.created", created.get("type").asText());
            assertEquals("1.0", created.get("specversion").asText());
            assertEquals(id, created.get("subject").asText());
            assertEquals("Account", created.at("/data/object").asText());
            assertEquals(id, created.at("/data/id").asText());
            assertEquals("Evented Inc", created.at("/data/record/Name").asText());
            assertTrue(created.at("/data/changed").toString().contains("Name"));

            JsonNode updated = received.get(1);
            assertEquals("hotcrm.record.updated", updated.get("type").asText());
            assertEquals("[\"Phone\"]", updated.at("/data/changed").toString(), "only the field that really changed");
            assertEquals("+1-555-0404", updated.at("/data/record/Phone").asText());

            JsonNode deleted = received.get(2);
            assertEquals("hotcrm.record.deleted", deleted.get("type").asText());
            assertEquals("Evented Inc", deleted.at("/data/record/Name").asText(), "the record as it was");

            assertEquals(3, received.stream().map(e -> e.get("id").asText()).distinct().count(), "event ids are unique");
        }
    }

    @Test
    void cascadedAndClearedChildrenGetTheirOwnEvents() throws Exception {
        try (KafkaEvents events = new KafkaEvents(ChangeEvent.TOPIC)) {
            String account = Api.account("Parent With Contact");
            String contact = Api.create("contacts", Map.of("LastName", "Child", "AccountId", account));
            given().when().delete("/v1/accounts/" + account).then().statusCode(200);
            List<JsonNode> contactEvents = events.forKey("Contact:" + contact, 2);
            assertEquals(2, contactEvents.size());
            assertEquals("hotcrm.record.updated", contactEvents.get(1).get("type").asText());
            assertEquals("[\"AccountId\"]", contactEvents.get(1).at("/data/changed").toString());
        }
    }

    @Test
    void aRejectedWriteIsNoEvent() throws Exception {
        try (KafkaEvents events = new KafkaEvents(ChangeEvent.TOPIC)) {
            String id = Api.account("Stable Corp");
            given().contentType(ContentType.JSON).body(Map.of("Industry", "Nope"))
                    .when().patch("/v1/accounts/" + id).then().statusCode(400);
            assertEquals(1, events.forKey("Account:" + id, 1).size(), "only the create");
        }
    }

    /**
     * A field hidden from the writer's role is still in the event (with its stored value), and so is every
     * other field: consumers decide what their own recipient may see. The writer's answer stays filtered.
     */
    @Test
    void aWriteByARoleWithAHiddenFieldPublishesTheWholeRecord() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("fields", Map.of("AnnualRevenue", Map.of("sales_rep", "hidden"))))
                .when().put("/v1/metadata/permissions/Lead").then().statusCode(200);
        try (KafkaEvents events = new KafkaEvents(ChangeEvent.TOPIC)) {
            String rep = TestTokens.user("usr_evrep" + System.nanoTime(), "sales_rep", "Standard");
            String id = given().auth().oauth2(rep).contentType(ContentType.JSON)
                    .body(Map.of("LastName", "Partly Seen", "Company", "Hidden Revenue Ltd", "Status", "New"))
                    .when().post("/v1/leads").then().statusCode(201).body("$", not(hasKey("AnnualRevenue")))
                    .extract().path("Id");
            given().contentType(ContentType.JSON).body(Map.of("AnnualRevenue", 7000000)).when().patch("/v1/leads/" + id)
                    .then().statusCode(200);
            given().auth().oauth2(rep).contentType(ContentType.JSON).body(Map.of("Title", "CTO"))
                    .when().patch("/v1/leads/" + id).then().statusCode(200)
                    .body("Title", org.hamcrest.Matchers.equalTo("CTO")).body("$", not(hasKey("AnnualRevenue")));
            given().auth().oauth2(rep).contentType(ContentType.JSON)
                    .body(Map.of("updates", List.of(Map.of("Id", id, "Title", "CEO"))))
                    .when().patch("/v1/batch/leads").then().statusCode(200).body("results[0].success", org.hamcrest.Matchers.equalTo(true));

            List<JsonNode> received = events.forKey("Lead:" + id, 4);
            assertEquals(4, received.size(), "the rep's create, the admin's update, the rep's update and batch update");
            JsonNode created = received.get(0);
            assertTrue(created.at("/data/record").has("AnnualRevenue"), "the hidden field is in the created record: " + created);
            assertTrue(created.at("/data/record/AnnualRevenue").isNull());
            for (JsonNode updated : List.of(received.get(2), received.get(3))) {
                assertEquals(7000000, updated.at("/data/record/AnnualRevenue").asInt(), "the hidden field's value: " + updated);
                assertEquals("Partly Seen", updated.at("/data/record/LastName").asText());
                assertEquals("Hidden Revenue Ltd", updated.at("/data/record/Company").asText());
                assertEquals("[\"Title\"]", updated.at("/data/changed").toString());
            }
            assertEquals("CEO", received.get(3).at("/data/record/Title").asText());
            assertFalse(received.get(2).at("/data/record/Id").isMissingNode());
        } finally {
            given().contentType(ContentType.JSON).body(Map.of("fields", Map.of("AnnualRevenue", Map.of("sales_rep", "visible"))))
                    .when().put("/v1/metadata/permissions/Lead").then().statusCode(200);
        }
    }
}
