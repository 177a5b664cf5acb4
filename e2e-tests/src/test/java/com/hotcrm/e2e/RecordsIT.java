package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.sdk.HotCRMClient;
import com.hotcrm.sdk.model.BatchResult;
import com.hotcrm.sdk.model.Contact;

import io.restassured.http.ContentType;

/** The records API through the gateway, as a client uses it, with its change events on the real broker. */
@ExtendWith(RunningSuite.class)
class RecordsIT {

    @Test
    void accountLifecycleThroughTheGatewayPublishesItsEvents() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RunningSuite.suite().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("hotcrm.record-changes"));

            String id = given().contentType(ContentType.JSON)
                    .body(Map.of("Name", "New Customer Inc.", "Industry", "Technology", "AnnualRevenue", 2000000))
                    .when().post("/v1/accounts")
                    .then().statusCode(201)
                    .header("X-HotCRM-Served-By", "records-service")
                    .body("Id", startsWith("acc_"))
                    .extract().path("Id");
            given().queryParam("fields", "Name,Industry").when().get("/v1/accounts/" + id)
                    .then().statusCode(200).body("Name", equalTo("New Customer Inc."));
            given().contentType(ContentType.JSON).body(Map.of("Phone", "+1-555-9999"))
                    .when().patch("/v1/accounts/" + id)
                    .then().statusCode(200).body("Phone", equalTo("+1-555-9999"));
            given().when().delete("/v1/accounts/" + id)
                    .then().statusCode(200).body("message", equalTo("Record deleted successfully"));

            List<String> types = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (types.size() < 3 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (("Account:" + id).equals(r.key())) {
                        types.add(typeOf(r.value()));
                    }
                });
            }
            assertEquals(List.of("hotcrm.record.created", "hotcrm.record.updated", "hotcrm.record.deleted"), types);
        }
    }

    private static String typeOf(String event) {
        try {
            return new ObjectMapper().readTree(event).get("type").asText();
        } catch (Exception e) {
            throw new AssertionError("Not a JSON event: " + event, e);
        }
    }

    @Test
    void batchAndMetadataThroughTheGateway() {
        SeenResponses seen = new SeenResponses();
        HotCRMClient client = RunningSuite.client(seen);
        assertTrue(client.metadata().objects().stream().anyMatch(object -> object.name().equals("Opportunity")));
        assertEquals(200, seen.last().status());
        BatchResult result = client.batch("contacts").create(List.of(
                new Contact().setFirstName("John").setLastName("Doe").setEmail("john@example.com"),
                new Contact().setFirstName("Jane").setLastName("Smith").setEmail("jane@example.com")));
        assertEquals(200, seen.last().status());
        assertEquals("records-service", seen.lastHeader("X-HotCRM-Served-By"));
        assertEquals(2, result.successCount());
        assertEquals(0, result.errorCount());
        assertTrue(result.results().get(0).id().startsWith("con_"), result.toString());
        assertEquals("Doe", client.contacts().get(result.ids().get(0)).getLastName());
    }
}
