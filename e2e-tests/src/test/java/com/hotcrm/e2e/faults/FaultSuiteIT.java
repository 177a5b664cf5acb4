package com.hotcrm.e2e.faults;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.suite.Service;
import com.hotcrm.devstack.testing.FakeWebhookReceiver;
import com.hotcrm.devstack.testing.FakeWebhookReceiver.Request;
import com.hotcrm.e2e.RunningSuite;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The fault suite: real faults done to the running suite's real processes (the Kafka broker frozen and
 * killed, records-service SIGKILLed mid-batch, clients hanging up under load), each case checking that
 * nothing committed is lost or doubled and that the suite heals without a restart, and printing how long
 * recovery took ({@code [faults] ...} lines in the build output). It runs in its own JVM with a suite of its
 * own (a failsafe execution of its own), so its faults never touch the other end-to-end tests.
 */
@ExtendWith(RunningSuite.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DELIVERY_WAIT = Duration.ofMinutes(4);
    static FakeWebhookReceiver receiver;
    static final List<String> webhooks = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        receiver = FakeWebhookReceiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @AfterEach
    void deleteWebhooks() {
        webhooks.forEach(id -> given().when().delete("/v1/webhooks/" + id).then().statusCode(200));
        webhooks.clear();
    }

    @Test
    @Order(1)
    void kafkaFrozenPastEveryProducerTimeoutLosesAndDoublesNothing() throws Exception {
        double recovered = writeThroughBrokerFault("/frozen", () -> RunningSuite.suite().freezeKafka(),
                Duration.ofSeconds(35), () -> RunningSuite.suite().thawKafka());
        report("Kafka frozen 35 s while writing: 23 writes answered 201, each delivered exactly once; "
                + "last callback %.1f s after the thaw", recovered);
    }

    @Test
    @Order(2)
    void kafkaKilledAndRestartedLosesAndDoublesNothing() throws Exception {
        double recovered = writeThroughBrokerFault("/killed", () -> RunningSuite.suite().killKafka(),
                Duration.ofSeconds(15), () -> RunningSuite.suite().restartKafka());
        report("Kafka SIGKILLed and restarted while writing: 23 writes answered 201, each delivered "
                + "exactly once; last callback %.1f s after the broker was back", recovered);
    }

    /** Something done to the broker, or undone. */
    interface BrokerStep {
        void run() throws Exception;
    }

    /**
     * With a webhook on Account creates: 20 accounts written while the broker suffers {@code fault} (which
     * lasts {@code lasting}: 35 s is past the producers' 30 s delivery timeout and many relay rounds), then it
     * heals and 3 more are written; every create must reach the subscriber exactly once. Seconds from the
     * healing to the last callback.
     */
    private static double writeThroughBrokerFault(String path, BrokerStep fault, Duration lasting, BrokerStep heal)
            throws Exception {
        subscribeToAccountCreates(path);
        List<String> ids = new ArrayList<>();
        fault.run();
        try {
            for (int i = 0; i < 20; i++) {
                ids.add(createAccount("During Fault " + path + " " + i));
            }
            Thread.sleep(lasting.toMillis());
        } finally {
            heal.run();
        }
        long healed = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            ids.add(createAccount("After Fault " + path + " " + i));
        }
        return awaitExactlyOnce(path, ids, healed);
    }

    @Test
    @Order(3)
    void recordsServiceKilledMidBatchCommitsWholeBatchesAndEventsForExactlyThem() throws Exception {
        subscribeToAccountCreates("/batches");
        String tag = "Kill" + Long.toString(System.nanoTime(), 36);
        int batches = 16;
        int size = 100;
        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        writer.submit(() -> {
            for (int b = 0; b < batches; b++) {
                List<Map<String, Object>> records = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    records.add(Map.of("Name", tag + "-" + b + "-" + i));
                }
                int status;
                try {
                    status = given().contentType(ContentType.JSON).body(Map.of("records", records))
                            .when().post("/v1/batch/accounts").statusCode();
                } catch (RuntimeException connectionLost) {
                    status = -1;
                }
                answers.put(b, status);
                sent.incrementAndGet();
                if (status != 200) {
                    sleep(1_000); // the service is down: retry the next batch a little later
                }
            }
            return null;
        });
        while (sent.get() < 4) {
            Thread.sleep(20);
        }
        long killed = System.nanoTime();
        RunningSuite.suite().kill(Service.RECORDS);
        RunningSuite.suite().restart(Service.RECORDS);
        double back = seconds(killed);
        writer.shutdown();
        assertTrue(writer.awaitTermination(5, TimeUnit.MINUTES), "the writer finished");

        Set<String> committed = new HashSet<>();
        int whole = 0;
        int none = 0;
        for (int b = 0; b < batches; b++) {
            List<String> ids = idsNamedLike(tag + "-" + b + "-%");
            assertTrue(ids.isEmpty() || ids.size() == size, "batch " + b + " is all or nothing: " + ids.size()
                    + " of " + size + " stored (it answered " + answers.get(b) + ")");
            if (Integer.valueOf(200).equals(answers.get(b))) {
                assertEquals(size, ids.size(), "batch " + b + " answered 200, so all of it is stored");
            }
            if (ids.isEmpty()) {
                none++;
            } else {
                whole++;
            }
            committed.addAll(ids);
        }
        assertTrue(whole > 0, "some batches were committed");
        double recovered = awaitExactlyOnce("/batches", new ArrayList<>(committed), killed);
        report("records-service SIGKILLed during " + batches + " batch writes of " + size + ": " + whole
                + " batches stored whole, " + none + " not at all, none in part; ready again %.1f s after the kill; "
                + "callbacks for exactly the " + committed.size() + " stored records, each once, the last %.1f s "
                + "after the kill", back, recovered);
    }

    @Test
    @Order(4)
    void clientsHangingUpUnderLoadOpenNoBreaker() throws Exception {
        URI gateway = URI.create(RunningSuite.suite().gatewayUrl());
        String token = given().contentType(ContentType.JSON).body(Map.of("email", RunningSuite.suite().admin().email(),
                "password", RunningSuite.suite().admin().password())).auth().none()
                .when().post("/v1/auth/token").then().statusCode(200).extract().path("token");
        AtomicInteger hungUp = new AtomicInteger();
        ExecutorService rude = Executors.newFixedThreadPool(2);
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int t = 0; t < 2; t++) {
            rude.submit(() -> {
                while (System.nanoTime() < until) {
                    try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
                        OutputStream out = socket.getOutputStream();
                        out.write(("GET /v1/accounts?limit=200&sort=-Name HTTP/1.1\r\nHost: " + gateway.getAuthority()
                                + "\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        sleep(20);
                    }
                    hungUp.incrementAndGet();
                    sleep(30);
                }
                return null;
            });
        }
        Map<Integer, Integer> statuses = new HashMap<>();
        int calls = 0;
        while (System.nanoTime() < until) {
            int status = given().when().get("/v1/accounts?limit=5").statusCode();
            statuses.merge(status, 1, Integer::sum);
            calls++;
        }
        rude.shutdown();
        assertTrue(rude.awaitTermination(1, TimeUnit.MINUTES));
        int ok = statuses.getOrDefault(200, 0);
        // the breaker would turn every call for 5 s into a 503 (hundreds); a lone 503 is an upstream connection
        // closed under a hung-up call while a well-behaved one was given it (see the closing note of issue 16)
        assertTrue(calls - ok <= Math.max(1, calls / 100), "well-behaved calls answered " + statuses + " while "
                + hungUp.get() + " clients hung up mid-request");
        report("%.0f clients hung up mid-request over 20 s: %.0f of %.0f other calls answered 200, no breaker opened",
                (double) hungUp.get(), (double) ok, (double) calls);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void subscribeToAccountCreates(String path) {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", "faults " + path, "object", "Account", "events", List.of("create"),
                        "url", receiver.url(path)))
                .when().post("/v1/webhooks").then().statusCode(201).extract().path("id");
        webhooks.add(id);
    }

    private static String createAccount(String name) {
        return given().contentType(ContentType.JSON).body(Map.of("Name", name))
                .when().post("/v1/accounts").then().statusCode(201).extract().path("Id");
    }

    /** Waits until every record's create has arrived at {@code path}; each once (one webhook-id per record). */
    private static double awaitExactlyOnce(String path, List<String> ids, long since) throws Exception {
        Set<String> wanted = new HashSet<>(ids);
        long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
        Map<String, Set<String>> eventIdsByRecord = new HashMap<>();
        while (System.nanoTime() < deadline) {
            eventIdsByRecord = eventIdsByRecord(path);
            if (eventIdsByRecord.keySet().containsAll(wanted)) {
                break;
            }
            Thread.sleep(250);
        }
        double took = seconds(since);
        Set<String> missing = new HashSet<>(wanted);
        missing.removeAll(eventIdsByRecord.keySet());
        assertEquals(Set.of(), missing, "every committed record's event was delivered");
        Set<String> extra = new HashSet<>(eventIdsByRecord.keySet());
        extra.removeAll(wanted);
        assertEquals(Set.of(), extra, "no event for a record that was not committed");
        eventIdsByRecord.forEach((record, eventIds) -> assertEquals(1, eventIds.size(),
                "one event per create of " + record + ": " + eventIds));
        return took;
    }

    private static Map<String, Set<String>> eventIdsByRecord(String path) throws Exception {
        Map<String, Set<String>> byRecord = new HashMap<>();
        for (Request request : receiver.requestsTo(path)) {
            JsonNode body = JSON.readTree(request.body());
            byRecord.computeIfAbsent(body.path("recordId").asText(), k -> new HashSet<>()).add(request.header("webhook-id"));
        }
        return byRecord;
    }

    private static List<String> idsNamedLike(String pattern) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("filters", "[[\"Name\",\"like\",\"" + pattern + "\"]]")
                    .queryParam("fields", "Id").queryParam("limit", 200);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/v1/accounts").then().statusCode(200).extract().response();
            ids.addAll(page.jsonPath().getList("records.Id", String.class));
            cursor = page.jsonPath().getString("nextCursor");
        } while (cursor != null);
        return ids;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void report(String format, double... values) {
        Object[] args = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            args[i] = values[i];
        }
        System.out.println("[faults] " + String.format(java.util.Locale.ROOT, format, args));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
