package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.suite.Service;
import com.hotcrm.devstack.testing.FakeWebhookReceiver;
import com.hotcrm.devstack.testing.FakeWebhookReceiver.Request;

import io.restassured.http.ContentType;

/**
 * Webhooks through the gateway: records created through the API reach a real local subscriber as signed
 * callbacks, and survive webhook-service being killed (SIGKILL) between consuming and delivering.
 */
@ExtendWith(RunningSuite.class)
class WebhooksIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60);
    static FakeWebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = FakeWebhookReceiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    static JsonNode body(Request request) {
        try {
            return JSON.readTree(request.body());
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + request.body(), e);
        }
    }

    /** The webhooks the running test made. */
    static final List<String> made = new ArrayList<>();

    /**
     * Deletes the test's webhooks: their receivers are gone once it ends, and a webhook left active would queue a
     * delivery to a closed port for every record later tests create (the SDKs' tests create hundreds).
     */
    @AfterEach
    void deleteWebhooks() {
        made.forEach(id -> given().when().delete("/v1/webhooks/" + id).then().statusCode(200));
        made.clear();
    }

    static String webhook(String object, List<String> events, String url, String secret) {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", object + " hook", "object", object, "events", events, "url", url, "secret", secret))
                .when().post("/v1/webhooks")
                .then().statusCode(201)
                .header("X-HotCRM-Served-By", "webhook-service")
                .body("secret", equalTo(secret))
                .extract().path("id");
        made.add(id);
        return id;
    }

    static String create(String path, Map<String, Object> record) {
        return given().contentType(ContentType.JSON).body(record).when().post("/v1/" + path)
                .then().statusCode(201).extract().path("Id");
    }

    @Test
    void anOpportunityCreatedThroughTheGatewayReachesTheSubscriberSignedWithItsSecret() throws Exception {
        String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString("e2e-opportunity-secret-32-bytes!".getBytes());
        String hook = webhook("Opportunity", List.of("create"), receiver.url("/opportunities"), secret);
        String opportunity = create("opportunities", Map.of("Name", "Webhook Deal", "Stage", "Prospecting",
                "CloseDate", "2031-06-30", "Amount", 42000));

        List<Request> requests = receiver.await(r -> r.path().equals("/opportunities")
                && opportunity.equals(body(r).path("recordId").asText()), 1, WAIT);
        assertEquals(1, requests.size(), "one callback for the new opportunity");
        Request request = requests.get(0);
        assertTrue(FakeWebhookReceiver.verify(secret, request), "the signature verifies with the secret");
        JsonNode body = body(request);
        assertEquals("create", body.get("type").asText());
        assertEquals("Opportunity", body.get("object").asText());
        assertEquals("Webhook Deal", body.get("data").get("Name").asText());
        assertEquals(body.get("id").asText(), request.header("webhook-id"));

        // an update is not subscribed to: no second callback
        given().contentType(ContentType.JSON).body(Map.of("Amount", 43000)).when().patch("/v1/opportunities/" + opportunity)
                .then().statusCode(200);
        Thread.sleep(2000);
        assertEquals(1, receiver.await(r -> opportunity.equals(body(r).path("recordId").asText()), 2, Duration.ZERO).size());

        given().when().get("/v1/webhooks/" + hook + "/deliveries").then().statusCode(200)
                .body("deliveries.status", everyItem(equalTo("succeeded")));
        String shown = given().when().get("/v1/webhooks").then().statusCode(200).body("webhooks.id", hasItem(hook))
                .extract().asString() + given().when().get("/v1/webhooks/" + hook).then().statusCode(200).extract().asString();
        assertFalse(shown.contains(secret.substring(6)), "the secret is never shown again");
    }

    @Test
    void privateAddressesAreRefused() {
        for (String url : List.of("https://10.1.2.3/hook", "https://169.254.169.254/latest/meta-data", "http://example.com/x")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("name", "bad", "object", "Account", "events", List.of("create"), "url", url))
                    .when().post("/v1/webhooks").then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.details[0].field", equalTo("url"));
        }
    }

    @Test
    void everyEventIsDeliveredAfterTheServiceIsKilledBetweenConsumingAndDelivering() throws Exception {
        String secret = "crash-test-secret-" + System.nanoTime();
        try (FakeWebhookReceiver crashing = FakeWebhookReceiver.start()) {
            crashing.hold();
            String hook = webhook("Account", List.of("create"), crashing.url("/accounts"), secret);
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                accounts.add(create("accounts", Map.of("Name", "Crash Test " + i)));
            }
            // consumed and on the way: the subscriber holds the first requests unanswered
            assertFalse(crashing.await(r -> true, 1, WAIT).isEmpty(), "a delivery was under way");
            RunningSuite.suite().kill(Service.WEBHOOK);
            for (int i = 3; i < 5; i++) {
                accounts.add(create("accounts", Map.of("Name", "Crash Test " + i)));
            }
            crashing.release();
            Instant restartedAt = Instant.now();
            RunningSuite.suite().restart(Service.WEBHOOK);

            List<Request> afterRestart = crashing.await(r -> r.receivedAt().isAfter(restartedAt)
                    && r.answeredWith() == 200, accounts.size(), Duration.ofSeconds(120));
            Set<String> delivered = afterRestart.stream().map(r -> body(r).path("recordId").asText())
                    .collect(Collectors.toSet());
            assertTrue(delivered.containsAll(accounts), "every account delivered after the restart: " + delivered);

            Map<String, Set<String>> idsPerRecord = crashing.requests().stream().collect(Collectors.groupingBy(
                    r -> body(r).path("recordId").asText(), Collectors.mapping(r -> r.header("webhook-id"), Collectors.toSet())));
            idsPerRecord.forEach((record, ids) -> assertEquals(1, ids.size(), "duplicates of " + record + " share one webhook-id"));
            crashing.requests().forEach(r -> assertTrue(FakeWebhookReceiver.verify(secret, r)));

            given().when().get("/v1/webhooks/" + hook + "/deliveries").then().statusCode(200)
                    .body("totalCount", equalTo(accounts.size()));
            Set<String> logged = new HashSet<>();
            Path logs = RunningSuite.suite().logFile(Service.WEBHOOK).getParent();
            try (var files = Files.list(logs)) {
                for (Path log : files.filter(p -> p.getFileName().toString().startsWith("webhook-service")).toList()) {
                    if (Files.readString(log).contains(secret)) {
                        logged.add(log.toString());
                    }
                }
            }
            assertTrue(logged.isEmpty(), "the secret is in no log: " + logged);
        }
    }
}
