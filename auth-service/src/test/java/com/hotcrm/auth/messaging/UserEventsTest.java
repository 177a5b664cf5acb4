package com.hotcrm.auth.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.auth.support.AuthApi;
import com.hotcrm.devstack.testing.KafkaEvents;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.platform.event.ChangeEvent;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class UserEventsTest {

    @Test
    void creatingAndChangingAUserPublishesUserChangesWithoutThePassword() throws Exception {
        String admin = AuthApi.adminToken();
        String email = "evented-" + UUID.randomUUID() + "@example.com";
        try (KafkaEvents events = new KafkaEvents(ChangeEvent.USER_TOPIC)) {
            String id = given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(Map.of("Name", "Eve Evented", "Email", email, "Password", "long-enough-pw", "Role", "support_agent"))
                    .when().post("/v1/users").then().statusCode(201).extract().path("Id");
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("Title", "Lead", "Password", "another-long-pw"))
                    .when().patch("/v1/users/" + id).then().statusCode(200);

            List<JsonNode> received = events.where(e -> id.equals(e.path("subject").asText()), 2);
            assertEquals(2, received.size());
            JsonNode created = received.get(0);
            assertEquals("hotcrm.record.created", created.get("type").asText());
            assertEquals("/hotcrm/auth-service", created.get("source").asText());
            assertEquals("User", created.at("/data/object").asText());
            assertEquals(email, created.at("/data/record/Email").asText());
            assertEquals("support_agent", created.at("/data/record/Role").asText());
            JsonNode updated = received.get(1);
            assertEquals("[\"Title\"]", updated.at("/data/changed").toString(), "a password change is not news");
            assertEquals("Lead", updated.at("/data/record/Title").asText());
            for (JsonNode event : received) {
                assertFalse(event.toString().toLowerCase().contains("password"), event.toString());
                assertFalse(event.toString().contains("$2a$"), "no hash in " + event);
            }
            // the first admin was published at start-up too
            assertFalse(events.where(e -> AuthApi.ADMIN.equals(e.at("/data/record/Email").asText()), 1).isEmpty());
        }
    }

    @Test
    void everyUserIsListedInternallyForTheMirrorsResyncWithoutThePassword() {
        String admin = AuthApi.adminToken();
        String email = "listed-" + UUID.randomUUID() + "@example.com";
        String id = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("Name", "Lis Listed", "Email", email, "Password", "long-enough-pw", "Role", "sales_rep"))
                .when().post("/v1/users").then().statusCode(201).extract().path("Id");

        // asked by records-service without a user's token; the gateway never routes /internal
        String body = given().when().get("/internal/users").then().statusCode(200)
                .body("find { it.Id == '" + id + "' }.Email", org.hamcrest.Matchers.equalTo(email))
                .body("find { it.Id == '" + id + "' }.Role", org.hamcrest.Matchers.equalTo("sales_rep"))
                .body("find { it.Id == '" + id + "' }.ModifiedDate", org.hamcrest.Matchers.notNullValue())
                .body("Email", org.hamcrest.Matchers.hasItem(AuthApi.ADMIN))
                .extract().asString();
        assertFalse(body.toLowerCase().contains("password"), body);
        assertFalse(body.contains("$2a$"), "no hash in " + body);
    }
}
