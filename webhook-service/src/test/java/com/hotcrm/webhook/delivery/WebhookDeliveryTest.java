package com.hotcrm.webhook.delivery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.testing.FakeWebhookReceiver;
import com.hotcrm.devstack.testing.FakeWebhookReceiver.Request;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.webhook.repository.DeliveryRepository;
import com.hotcrm.webhook.support.Webhooks;
import com.hotcrm.webhook.support.WithReceiver;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Record changes from the real broker become signed callbacks to a real local HTTP subscriber. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class WebhookDeliveryTest extends WithReceiver {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final AtomicInteger SEQ = new AtomicInteger();
    static final List<String> LOG_LINES = Collections.synchronizedList(new ArrayList<>());
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                    : record.getMessage();
            LOG_LINES.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void captureLog() {
        java.util.logging.Logger.getLogger("").addHandler(CAPTURE);
    }

    @AfterAll
    static void stopCapturingLog() {
        java.util.logging.Logger.getLogger("").removeHandler(CAPTURE);
    }

    /** Webhook owners and their access come from schema crm. */
    @org.junit.jupiter.api.BeforeEach
    void crm() {
        com.hotcrm.webhook.support.CrmFixture.ensure();
    }

    static String object() {
        return "Probe" + SEQ.incrementAndGet() + "x" + (System.nanoTime() % 100000) + "__c";
    }

    static String recordId() {
        return "prb_" + System.nanoTime();
    }

    static List<Request> awaitRequests(String path, int count) throws InterruptedException {
        List<Request> requests = receiver.awaitTo(path, count, WAIT);
        assertTrue(requests.size() >= count, "expected " + count + " requests to " + path + ", got " + requests.size());
        return requests;
    }

    JsonNode body(Request request) throws Exception {
        return json.readTree(request.body());
    }

    @Test
    void aDeadEndpointsBacklogIsNotScannedAndDoesNotHoldUpAHealthyEndpoint() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String deadObject = object();
        String[] dead = Webhooks.created(Webhooks.body(deadObject, List.of("create"),
                "http://127.0.0.1:" + closedPort + "/dead"));
        try {
            // 10,000 deliveries owed to an endpoint that refuses every connection, all due now
            pool.preparedQuery("""
                    INSERT INTO webhook.delivery (id, endpoint_id, event_id, event_type, object, record_id, ordering_key,
                        payload, occurred_at, next_attempt_at)
                    SELECT 'msg_dead' || g || $3, $1, 'evt-dead-' || g || $3, 'create', $2, 'prb_d' || g,
                           $2 || ':prb_d' || g, '{}', now(), now()
                    FROM generate_series(1, 10000) g""").execute(Tuple.of(dead[0], deadObject, "x" + System.nanoTime()))
                    .await().atMost(WAIT);
            pool.query("ANALYZE webhook.delivery").execute().await().atMost(WAIT);
            String plan = String.join("\n", pool.preparedQuery("EXPLAIN " + DeliveryRepository.CLAIM)
                    .execute(Tuple.from(new Object[] { 64, 20.0, new String[0], 4, java.util.UUID.randomUUID(),
                            new Integer[0] }))
                    .await().atMost(WAIT).stream().map(row -> row.getString(0)).toList());
            assertTrue(plan.contains("delivery_endpoint_due_idx"), "claims walk each endpoint's due index:\n" + plan);
            assertFalse(plan.contains("Seq Scan on delivery"), "no delivery is scanned past the ones claimed:\n" + plan);

            String object = object();
            Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/beside-dead")));
            String record = recordId();
            Webhooks.publish(Webhooks.event(ChangeEvent.Kind.CREATED, object, record, Map.of("Id", record)));
            assertEquals(record, body(awaitRequests("/beside-dead", 1).get(0)).get("recordId").asText());
        } finally {
            given().when().delete("/v1/webhooks/" + dead[0]).then().statusCode(200);
        }
    }

    @Test
    void aRecordChangeBecomesOneCallbackSignedWithTheSecret() throws Exception {
        String object = object();
        String[] hook = Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/signed")));
        String record = recordId();
        ChangeEvent event = Webhooks.event(ChangeEvent.Kind.CREATED, object, record, Map.of("Id", record, "Name", "Big Deal",
                "Amount", new java.math.BigDecimal("150000.50")));
        Webhooks.publish(event);

        Request request = awaitRequests("/signed", 1).get(0);
        assertEquals("POST", request.method());
        assertTrue(FakeWebhookReceiver.verify(hook[1], request), "the signature verifies with the webhook's secret");
        assertFalse(FakeWebhookReceiver.verify(hook[1] + "x", request));
        assertEquals(event.id(), request.header("webhook-id"));
        long timestamp = Long.parseLong(request.header("webhook-timestamp"));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 60);
        assertTrue(request.header("content-type").startsWith("application/json"));
        JsonNode body = body(request);
        assertEquals(event.id(), body.get("id").asText());
        assertEquals("create", body.get("type").asText());
        assertEquals(object, body.get("object").asText());
        assertEquals(record, body.get("recordId").asText());
        assertNotNull(Instant.parse(body.get("occurredAt").asText()));
        assertEquals("Big Deal", body.get("data").get("Name").asText());
        assertTrue(request.body().contains("\"Amount\":150000.50"), "decimals keep their scale: " + request.body());

        Thread.sleep(1500);
        assertEquals(1, receiver.requestsTo("/signed").size(), "exactly one callback");
        given().when().get("/v1/webhooks/" + hook[0] + "/deliveries").then().statusCode(200)
                .body("deliveries.size()", equalTo(1))
                .body("deliveries[0].status", equalTo("succeeded"))
                .body("deliveries[0].attempts", equalTo(1))
                .body("deliveries[0].lastResponseCode", equalTo(200))
                .body("deliveries[0].eventId", equalTo(event.id()))
                .body("deliveries[0].type", equalTo("create"));
        assertTrue(LOG_LINES.stream().noneMatch(line -> line.contains(hook[1]) || line.contains(hook[1].substring(6))),
                "the secret is never logged");
    }

    @Test
    void subscriptionsGetOnlyTheirEventsAndTheirObject() throws Exception {
        String object = object();
        String otherObject = object();
        Webhooks.created(Webhooks.body(object, List.of("update"), receiver.url("/updates-only")));
        String record = recordId();
        Webhooks.publish(Webhooks.event(ChangeEvent.Kind.CREATED, object, record, Map.of("Id", record)));
        Webhooks.publish(Webhooks.event(ChangeEvent.Kind.UPDATED, otherObject, record, Map.of("Id", record)));
        Webhooks.publish(Webhooks.event(ChangeEvent.Kind.DELETED, object, record, Map.of("Id", record)));
        ChangeEvent update = Webhooks.event(ChangeEvent.Kind.UPDATED, object, record, Map.of("Id", record, "Name", "n"));
        Webhooks.publish(update);

        Request request = awaitRequests("/updates-only", 1).get(0);
        Thread.sleep(1500);
        assertEquals(1, receiver.requestsTo("/updates-only").size(), "only the update of the subscribed object");
        assertEquals(update.id(), request.header("webhook-id"));
        assertEquals("update", body(request).get("type").asText());
        assertEquals("Name", body(request).get("changed").get(0).asText());
    }

    @Test
    void aFailingSubscriberIsRetriedUntilItSucceedsAndTheLogShowsEveryAttempt() throws Exception {
        String object = object();
        receiver.respond("/flaky", 500);
        String[] hook = Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/flaky")));
        String record = recordId();
        ChangeEvent event = Webhooks.event(ChangeEvent.Kind.CREATED, object, record, Map.of("Id", record));
        Webhooks.publish(event);

        List<Request> requests = awaitRequests("/flaky", 2);
        assertEquals(List.of(500, 200), requests.stream().map(Request::answeredWith).toList());
        assertEquals(requests.get(0).header("webhook-id"), requests.get(1).header("webhook-id"), "a retry keeps its id");
        assertTrue(FakeWebhookReceiver.verify(hook[1], requests.get(1)));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/v1/webhooks/" + hook[0] + "/deliveries")
                .then().statusCode(200)
                .body("deliveries[0].status", equalTo("succeeded"))
                .body("deliveries[0].attempts", equalTo(2))
                .body("deliveries[0].lastResponseCode", equalTo(200))
                .body("deliveries[0].attemptHistory.responseCode", equalTo(List.of(500, 200)))
                .body("deliveries[0].attemptHistory.attempt", equalTo(List.of(1, 2)))
                .body("deliveries[0].nextAttemptAt", equalTo(null)));
    }

    @Test
    void oneRecordsDeliveriesArriveInOrderEvenWhenTheFirstIsRetried() throws Exception {
        String object = object();
        receiver.respond("/ordered", 503);
        Webhooks.created(Webhooks.body(object, List.of("create", "update", "delete"), receiver.url("/ordered")));
        String record = recordId();
        List<String> ids = new ArrayList<>();
        for (ChangeEvent.Kind kind : List.of(ChangeEvent.Kind.CREATED, ChangeEvent.Kind.UPDATED, ChangeEvent.Kind.DELETED)) {
            ChangeEvent event = Webhooks.event(kind, object, record, Map.of("Id", record));
            ids.add(event.id());
            Webhooks.publish(event);
        }
        List<Request> requests = awaitRequests("/ordered", 4);
        assertEquals(List.of(ids.get(0), ids.get(0), ids.get(1), ids.get(2)),
                requests.stream().map(r -> r.header("webhook-id")).toList());
    }

    @Test
    void theSameEventConsumedTwiceIsOneDelivery() throws Exception {
        String object = object();
        String[] hook = Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/twice")));
        String record = recordId();
        ChangeEvent event = Webhooks.event(ChangeEvent.Kind.CREATED, object, record, Map.of("Id", record));
        Webhooks.publish(event);
        Webhooks.publish(event);
        awaitRequests("/twice", 1);
        Thread.sleep(1500);
        given().when().get("/v1/webhooks/" + hook[0] + "/deliveries").then().body("totalCount", equalTo(1));
        assertEquals(1, receiver.requestsTo("/twice").size());
    }

    @Test
    void aDeliveryHeldByAWorkerThatDiedIsSentOnceItsLeaseRunsOut() throws Exception {
        String object = object();
        String[] hook = Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/orphan")));
        // as a worker that claimed it and was killed mid-attempt leaves it: claimed, lease just run out
        pool.preparedQuery("""
                INSERT INTO webhook.delivery (id, endpoint_id, event_id, event_type, object, record_id, ordering_key,
                    payload, occurred_at, next_attempt_at, locked_until, claim_token)
                VALUES ('msg_orphan1', $1, 'evt-orphan-1', 'create', $2, 'prb_1', $3, '{"id":"evt-orphan-1"}', now(), now(),
                    now() - interval '1 second', gen_random_uuid())""")
                .execute(Tuple.of(hook[0], object, object + ":prb_1")).await().atMost(Duration.ofSeconds(5));
        Request request = awaitRequests("/orphan", 1).get(0);
        assertEquals("evt-orphan-1", request.header("webhook-id"));
        assertTrue(FakeWebhookReceiver.verify(hook[1], request));
    }

    @Test
    void goneDisablesTheEndpointAndSaysWhy() throws Exception {
        String object = object();
        receiver.respondAlways("/gone", 410);
        String[] hook = Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/gone")));
        String record = recordId();
        Webhooks.publish(Webhooks.event(ChangeEvent.Kind.CREATED, object, record, Map.of("Id", record)));
        awaitRequests("/gone", 1);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/v1/webhooks/" + hook[0]).then()
                .body("active", equalTo(false)).body("disabledReason", containsString("410 Gone")));
        given().when().get("/v1/webhooks/" + hook[0] + "/deliveries").then().body("deliveries[0].status", equalTo("failed"));
        given().when().post("/v1/webhooks/" + hook[0] + "/test").then().statusCode(400)
                .body("error.details[0].field", equalTo("active"));
    }

    @Test
    void deliveriesClaimedBehindA410AreNotSentButWaitForTheWebhookToBeEnabled() throws Exception {
        String object = object();
        try (FakeWebhookReceiver gone = FakeWebhookReceiver.start()) {
            // every slot busy for a while, so that more deliveries are claimed and wait behind them
            gone.respondAlways("/gone", 410).delay(Duration.ofMillis(700));
            String[] hook = Webhooks.created(Webhooks.body(object, List.of("create"), gone.url("/gone")));
            List<ChangeEvent> events = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String record = recordId() + "g" + i;
                events.add(Webhooks.event(ChangeEvent.Kind.CREATED, object, record, Map.of("Id", record)));
            }
            Webhooks.publishAll(events);
            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/v1/webhooks/" + hook[0]).then()
                    .body("active", equalTo(false)));
            Thread.sleep(2_000); // anything still to come would come now
            int sent = gone.requestsTo("/gone").size();
            assertTrue(sent >= 1 && sent <= 16, "at most one round of max-per-endpoint (16) was sent, got " + sent);
            Row counts = pool.preparedQuery("""
                    SELECT count(*) FILTER (WHERE status = 'failed') AS failed,
                           count(*) FILTER (WHERE status = 'pending' AND attempts = 0 AND claim_token IS NULL) AS waiting
                    FROM webhook.delivery WHERE endpoint_id = $1""").execute(Tuple.of(hook[0])).await().atMost(WAIT)
                    .iterator().next();
            assertEquals(sent, counts.getLong("failed"), "each delivery sent got 410 and failed");
            assertEquals(60 - sent, counts.getLong("waiting"), "the rest, claimed or not, wait untouched and unleased");
        }
    }

    @Test
    void anEndpointFailingForDaysIsDisabledAndSaysWhy() throws Exception {
        String object = object();
        receiver.respondAlways("/down", 502);
        String[] hook = Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/down")));
        pool.preparedQuery("UPDATE webhook.endpoint SET failing_since = now() - interval '6 days' WHERE id = $1")
                .execute(Tuple.of(hook[0])).await().atMost(Duration.ofSeconds(5));
        String record = recordId();
        Webhooks.publish(Webhooks.event(ChangeEvent.Kind.CREATED, object, record, Map.of("Id", record)));
        awaitRequests("/down", 1);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/v1/webhooks/" + hook[0]).then()
                .body("active", equalTo(false))
                .body("disabledReason", containsString("Every delivery attempt failed since"))
                .body("disabledReason", containsString("HTTP 502")));
    }

    @Test
    void exhaustedRetriesFailTheDeliveryAndAManualRetrySendsItAgain() throws Exception {
        String object = object();
        receiver.respond("/exhaust", 500, 500, 500, 500, 500);
        String[] hook = Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/exhaust")));
        String record = recordId();
        Webhooks.publish(Webhooks.event(ChangeEvent.Kind.CREATED, object, record, Map.of("Id", record)));
        awaitRequests("/exhaust", 5);
        String deliveryId = Awaitility.await().atMost(WAIT).until(() -> given().when()
                .get("/v1/webhooks/" + hook[0] + "/deliveries?status=failed").then().extract().path("deliveries[0].id"),
                id -> id != null);
        given().when().get("/v1/webhooks/" + hook[0] + "/deliveries").then().body("deliveries[0].attempts", equalTo(5));
        given().when().post("/v1/webhooks/" + hook[0] + "/deliveries/" + deliveryId + "/retry").then().statusCode(202)
                .body("id", equalTo(deliveryId)).body("status", equalTo("pending"));
        awaitRequests("/exhaust", 6);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/v1/webhooks/" + hook[0] + "/deliveries")
                .then().body("deliveries[0].status", equalTo("succeeded")).body("deliveries[0].attempts", equalTo(6)));
        given().when().post("/v1/webhooks/" + hook[0] + "/deliveries/msg_nope/retry").then().statusCode(404);
    }

    @Test
    void aTestPingIsSignedAndLogged() throws Exception {
        String object = object();
        String[] hook = Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/ping")));
        given().when().post("/v1/webhooks/" + hook[0] + "/test").then().statusCode(202)
                .body("type", equalTo("ping")).body("status", equalTo("pending"));
        Request request = awaitRequests("/ping", 1).get(0);
        assertTrue(FakeWebhookReceiver.verify(hook[1], request));
        assertEquals("ping", body(request).get("type").asText());
        assertEquals(hook[0], body(request).get("data").get("webhookId").asText());
    }

    @Test
    void aUrlThatNowPointsSomewherePrivateIsRefusedAtDelivery() throws Exception {
        String object = object();
        String[] hook = Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/moved")));
        // as if its DNS name had started resolving to a private address after it was checked
        pool.preparedQuery("UPDATE webhook.endpoint SET url = 'https://10.20.30.40/hook' WHERE id = $1")
                .execute(Tuple.of(hook[0])).await().atMost(Duration.ofSeconds(5));
        String record = recordId();
        Webhooks.publish(Webhooks.event(ChangeEvent.Kind.CREATED, object, record, Map.of("Id", record)));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/v1/webhooks/" + hook[0] + "/deliveries")
                .then().body("deliveries[0].attempts", equalTo(1))
                .body("deliveries[0].lastError", containsString("refused"))
                .body("deliveries[0].lastResponseCode", equalTo(null)));
    }

    @Test
    void slowSubscribersDoNotHoldUpHealthyOnes() throws Exception {
        String object = object();
        try (FakeWebhookReceiver slow = FakeWebhookReceiver.start()) {
            slow.hold();
            Webhooks.created(Webhooks.body(object, List.of("create"), slow.url("/slow")));
            Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/healthy")));
            for (int i = 0; i < 12; i++) {
                String record = recordId();
                Webhooks.publish(Webhooks.event(ChangeEvent.Kind.CREATED, object, record, Map.of("Id", record)));
            }
            List<Request> healthy = receiver.awaitTo("/healthy", 12, Duration.ofSeconds(10));
            assertEquals(12, healthy.size(), "the healthy endpoint got everything while the slow one hung");
            assertTrue(slow.requests().size() <= 4 * 3, "the slow endpoint has a bounded number of requests in flight");
        }
    }

    @Test
    void metricsCountDeliveries() {
        given().accept("text/plain").when().get("/q/metrics").then().statusCode(200)
                .body(containsString("hotcrm_webhook_deliveries_succeeded_total"))
                .body(containsString("hotcrm_webhook_deliveries_failed_total"))
                .body(containsString("hotcrm_webhook_deliveries_retried_total"))
                .body(containsString("hotcrm_webhook_delivery_lag_seconds"))
                .body(containsString("hotcrm_webhook_queue_depth"));
    }

    @Test
    void aPoisonEventIsParkedAsADeadLetterAndLaterEventsFlow() throws Exception {
        String junk = "not json at all " + System.nanoTime();
        Webhooks.publishRaw("x", junk);
        Webhooks.publishRaw("x", "{\"type\": \"something.else\"}");
        // a NUL, which Kafka carries and a PostgreSQL text column refuses: parked with U+FFFD in its place
        String nul = "nul \u0000 inside " + System.nanoTime();
        Webhooks.publishRaw("x", nul);
        String object = object();
        Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/after-junk")));
        String record = recordId();
        Webhooks.publish(Webhooks.event(ChangeEvent.Kind.CREATED, object, record, Map.of("Id", record)));
        awaitRequests("/after-junk", 1);
        given().contentType(ContentType.JSON).when().get("/q/health/ready").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when()
                .get("/v1/admin/dead-letters/webhook").then().statusCode(200)
                .body("deadLetters.find { it.payload == '" + junk + "' }.consumer", equalTo("webhook-fan-out"))
                .body("deadLetters.find { it.payload == '" + nul.replace('\u0000', '\uFFFD') + "' }.consumer",
                        equalTo("webhook-fan-out")));
    }
}
