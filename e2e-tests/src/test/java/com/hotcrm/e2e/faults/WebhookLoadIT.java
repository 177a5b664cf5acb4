package com.hotcrm.e2e.faults;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.testing.FakeWebhookReceiver.Request;
import com.hotcrm.e2e.RunningSuite;

import io.restassured.http.ContentType;

/**
 * Webhook delivery under load, through the running suite (gateway, records-service's outbox, Kafka,
 * webhook-service, a real local subscriber): a burst of account creates to one healthy subscriber, and a
 * healthy subscriber beside a dead one with a backlog of 10,000. Each case checks what the subscribers got
 * (every change once, in order per record; the dead one's backlog still pending) and prints throughput and
 * commit-to-callback percentiles ({@code [faults] ...} lines). Commit-to-callback is from the event's
 * {@code occurredAt} (stamped by records-service when it writes the change) to the subscriber's receipt.
 *
 * <p>{@code -Dhotcrm.faults.webhookBurst=N} sets the burst (default 10,000 accounts, 200 per batch request; the
 * issue's case is 100,000);
 * {@code -Dhotcrm.faults.deadBacklog=N} the dead subscriber's backlog (default 10,000).
 */
@ExtendWith(RunningSuite.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookLoadIT extends SubscriberFaults {

    static final ObjectMapper JSON = new ObjectMapper();
    // 100,000 took far more than 4 minutes on the 2-core build machine; -Dhotcrm.faults.webhookBurst=100000 for the full case
    static final int BURST = Integer.getInteger("hotcrm.faults.webhookBurst", 10_000);
    static final int DEAD_BACKLOG = Integer.getInteger("hotcrm.faults.deadBacklog", 10_000);
    static final int BATCH = 200;

    @Test
    @Order(1)
    void aBurstToOneHealthySubscriberIsDeliveredOnceEachInOrderPerRecord() throws Exception {
        subscribe("/burst", "Account", List.of("create", "update"));
        String tag = "Burst" + Long.toString(System.nanoTime(), 36);
        long started = System.nanoTime();
        List<String> ids = createAccounts(tag, BURST);
        double written = seconds(started);
        // a change after the create, for the first batch's records: each must arrive after its create
        List<String> updated = ids.subList(0, Math.min(BATCH, ids.size()));
        List<Map<String, Object>> updates = new ArrayList<>();
        updated.forEach(id -> updates.add(Map.of("Id", id, "Name", "Updated " + id)));
        given().contentType(ContentType.JSON).body(Map.of("updates", updates)).when().patch("/v1/batch/accounts")
                .then().statusCode(200).body("errorCount", org.hamcrest.Matchers.equalTo(0));

        int expected = ids.size() + updated.size();
        List<Request> got = receiver.awaitTo("/burst", expected, Duration.ofSeconds(Math.max(600, BURST / 20)));
        double drained = seconds(started);
        Map<String, List<JsonNode>> byRecord = byRecord(receiver.requestsTo("/burst"));
        Set<String> missing = new HashSet<>(ids);
        missing.removeAll(byRecord.keySet());
        Set<String> extra = new HashSet<>(byRecord.keySet());
        extra.removeAll(ids);
        assertTrue(missing.isEmpty() && extra.isEmpty(), "a callback for every account and for nothing else, but "
                + missing.size() + " of " + ids.size() + " missing after " + Math.round(drained) + " s, " + extra.size()
                + " unexpected");
        Set<String> updatedSet = new HashSet<>(updated);
        byRecord.forEach((record, bodies) -> {
            List<String> types = bodies.stream().map(b -> b.path("type").asText()).toList();
            assertEquals(updatedSet.contains(record) ? List.of("create", "update") : List.of("create"), types,
                    "each change of " + record + " once, in the order made");
        });
        assertEquals(expected, got.size());

        List<Request> burst = receiver.requestsTo("/burst");
        Instant first = burst.get(0).receivedAt();
        Instant last = burst.get(burst.size() - 1).receivedAt();
        double deliverySeconds = Math.max(0.001, Duration.between(first, last).toMillis() / 1000.0);
        List<Double> lags = lags(burst);
        report("burst of %.0f account creates (batches of 200, written in %.1f s = %.0f/s) + 200 updates to one "
                + "subscriber: all delivered once, in order per record, %.1f s after the first write; %.0f deliveries/s "
                + "(first to last callback); commit-to-callback p50 %.2f s, p99 %.2f s (events came faster than "
                + "they could be delivered, so this is queueing)", ids.size(), written, ids.size() / written, drained,
                burst.size() / deliverySeconds, percentile(lags, 50), percentile(lags, 99));

        // then changes arriving slower than they are delivered: ~100 per second for 10 s
        List<Double> paced = pacedLags("/burst", tag + "-paced", 10, Duration.ofMillis(100), 10);
        report("then 10 accounts every 100 ms for 10 s: commit-to-callback p50 %.3f s, p99 %.3f s, max %.3f s",
                percentile(paced, 50), percentile(paced, 99), percentile(paced, 100));
    }

    @Test
    @Order(2)
    void aDeadSubscribersBacklogDoesNotHoldUpAHealthyOne() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        // connections to it are refused: every attempt fails at once and is retried later (5 s, 5 min, ...)
        String dead = given().contentType(ContentType.JSON)
                .body(Map.of("name", "dead", "object", "Account", "events", List.of("create"),
                        "url", "http://127.0.0.1:" + deadPort + "/dead"))
                .when().post("/v1/webhooks").then().statusCode(201).extract().path("id");
        webhooks.add(dead);
        String tag = "Dead" + Long.toString(System.nanoTime(), 36);
        createAccounts(tag, DEAD_BACKLOG);
        long waitUntil = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        int pending = 0;
        while (System.nanoTime() < waitUntil && (pending = pending(dead)) < DEAD_BACKLOG) {
            Thread.sleep(500);
        }
        assertEquals(DEAD_BACKLOG, pending, "the dead subscriber's backlog is owed");

        subscribe("/beside-dead", "Contact", List.of("create"));
        List<Double> lags = pacedLags("/beside-dead", tag, 5, Duration.ofMillis(100), 20);

        assertEquals(DEAD_BACKLOG, pending(dead), "the dead subscriber's backlog is still pending: nothing lost, "
                + "nothing given up on");
        report("a dead subscriber (connection refused) owed %.0f deliveries; beside it 5 contacts every 100 ms for "
                + "20 s to a healthy one: all delivered once, commit-to-callback p50 %.3f s, p99 %.3f s, max %.3f s; "
                + "the dead backlog still pending (%.0f)", DEAD_BACKLOG, percentile(lags, 50), percentile(lags, 99),
                percentile(lags, 100), pending(dead));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void subscribe(String path, String object, List<String> events) {
        subscribe("load " + path, path, object, events);
    }

    /** Creates {@code count} accounts named {@code tag-i}, 200 per batch request, two requests at a time; their ids. */
    private static List<String> createAccounts(String tag, int count) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> batches = new ArrayList<>();
            for (int from = 0; from < count; from += BATCH) {
                int start = from;
                int size = Math.min(BATCH, count - from);
                batches.add(writers.submit(() -> {
                    List<Map<String, Object>> records = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        records.add(Map.of("Name", tag + "-" + (start + i)));
                    }
                    return given().contentType(ContentType.JSON).body(Map.of("records", records))
                            .when().post("/v1/batch/accounts").then().statusCode(200)
                            .body("successCount", org.hamcrest.Matchers.equalTo(size))
                            .extract().jsonPath().getList("results.Id", String.class);
                }));
            }
            List<String> ids = new ArrayList<>(count);
            for (Future<List<String>> batch : batches) {
                ids.addAll(batch.get());
            }
            return ids;
        } finally {
            writers.shutdownNow();
        }
    }

    /**
     * Writes {@code perRound} contacts or accounts (by the path's subscription) every {@code every} for
     * {@code seconds}, waits for every one at {@code path}, checks each arrived once, and gives their
     * commit-to-callback times.
     */
    private static List<Double> pacedLags(String path, String tag, int perRound, Duration every, int seconds)
            throws Exception {
        boolean contacts = path.equals("/beside-dead");
        String collection = contacts ? "/v1/batch/contacts" : "/v1/batch/accounts";
        int before = receiver.requestsTo(path).size();
        List<String> ids = new ArrayList<>();
        int rounds = (int) (seconds * 1000 / every.toMillis());
        long next = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < perRound; i++) {
                String name = tag + "-p" + r + "-" + i;
                records.add(contacts ? Map.of("LastName", name) : Map.of("Name", name));
            }
            ids.addAll(given().contentType(ContentType.JSON).body(Map.of("records", records)).when().post(collection)
                    .then().statusCode(200).body("successCount", org.hamcrest.Matchers.equalTo(perRound))
                    .extract().jsonPath().getList("results.Id", String.class));
            next += every.toNanos();
            long sleep = (next - System.nanoTime()) / 1_000_000;
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
        receiver.awaitTo(path, before + ids.size(), Duration.ofMinutes(2));
        List<Request> requests = receiver.requestsTo(path);
        List<Request> mine = requests.subList(before, requests.size());
        Map<String, List<JsonNode>> byRecord = byRecord(mine);
        assertEquals(new HashSet<>(ids), byRecord.keySet(), "every paced write delivered, nothing else");
        byRecord.forEach((record, bodies) -> assertEquals(1, bodies.size(), record + " delivered once"));
        return lags(mine);
    }

    private static int pending(String webhook) {
        return given().when().get("/v1/webhooks/" + webhook + "/deliveries?status=pending&limit=1").then().statusCode(200)
                .extract().path("totalCount");
    }

    private static Map<String, List<JsonNode>> byRecord(List<Request> requests) throws Exception {
        Map<String, List<JsonNode>> byRecord = new HashMap<>();
        for (Request request : requests) {
            JsonNode body = JSON.readTree(request.body());
            byRecord.computeIfAbsent(body.path("recordId").asText(), k -> new ArrayList<>()).add(body);
        }
        return byRecord;
    }

    /** Seconds from each change's occurredAt to its receipt. */
    private static List<Double> lags(List<Request> requests) throws Exception {
        List<Double> lags = new ArrayList<>(requests.size());
        for (Request request : requests) {
            Instant occurred = Instant.parse(JSON.readTree(request.body()).path("occurredAt").asText());
            lags.add(Math.max(0, Duration.between(occurred, request.receivedAt()).toMillis()) / 1000.0);
        }
        Collections.sort(lags);
        return lags;
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
