package com.hotcrm.e2e.faults;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.suite.Service;
import com.hotcrm.devstack.testing.FakeWebhookReceiver.Request;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.e2e.RunningSuite;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The fault suite: real faults done to the running suite's real processes (the Kafka broker frozen and
 * killed, records-service SIGKILLed mid-batch, clients hanging up under load, PostgreSQL shut down and crashed
 * under write load, webhook-service SIGKILLed while delivering, poison messages on the change topic), each case
 * checking that
 * nothing committed is lost or doubled and that the suite heals without a restart, and printing how long
 * recovery took ({@code [faults] ...} lines in the build output). It runs in its own JVM with a suite of its
 * own (a failsafe execution of its own) on a PostgreSQL of its own, so its faults never touch the other
 * end-to-end tests nor the machine's database server.
 */
@ExtendWith(RunningSuite.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT extends SubscriberFaults {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DELIVERY_WAIT = Duration.ofMinutes(4);
    static final Duration OUTAGE = Duration.ofSeconds(8);
    static final int BATCH = 200;
    static final String CHANGE_TOPIC = "hotcrm.record-changes";

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

    @Test
    @Order(5)
    void postgresShutDownUnderWriteLoadLosesNoAcknowledgedWriteAndHalfAppliesNoBatch() throws Exception {
        writeThroughPostgresOutage(false);
    }

    @Test
    @Order(6)
    void postgresCrashedUnderWriteLoadLosesNoAcknowledgedWriteAndHalfAppliesNoBatch() throws Exception {
        writeThroughPostgresOutage(true);
    }

    /** One write sent through the gateway during the PostgreSQL case, and its answer. */
    record Write(String kind, int batch, int status, String retryAfter, String errorCode, String message,
            List<String> ids, long answeredAt) {
    }

    /**
     * Two clients creating accounts one at a time and one sending 200-record batches, all through the gateway,
     * while the suite's own PostgreSQL goes down ({@code crash}: SIGQUIT, as {@code pg_ctl stop -m immediate}; else a fast
     * shutdown) for 8 s and comes back. No service is restarted. Every write answered 2xx is stored; every
     * batch is stored whole or not at all; a write during the outage is answered 503 with Retry-After (the
     * error envelope), never 500; readiness goes DOWN and comes back UP; the change events on the topic are
     * for exactly the stored records.
     */
    private static void writeThroughPostgresOutage(boolean crash) throws Exception {
        String how = crash ? "crashed (SIGQUIT, as pg_ctl stop -m immediate)" : "shut down (pg_ctl stop -m fast)";
        String tag = (crash ? "PgCrash" : "PgStop") + Long.toString(System.nanoTime(), 36);
        // the first calls with a token race the gateway's first fetch of auth-service's keys (answered 401 while
        // it is in flight): the writers start once the token is taken, so that every refusal below is the fault's
        long accepted = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (given().when().get("/v1/accounts?limit=1").statusCode() != 200 && System.nanoTime() < accepted) {
            Thread.sleep(500);
        }
        String token = RunningSuite.adminToken();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Queue<Write> writes = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            writeThroughPostgresOutage(crash, how, tag, token, http, writes, writing, writers);
        } finally {
            writing.set(false);
            writers.shutdownNow();
            if (!RunningSuite.suite().isPostgresRunning()) {
                RunningSuite.suite().startPostgres(); // for the cases after this one
            }
        }
    }

    private static void writeThroughPostgresOutage(boolean crash, String how, String tag, String token, HttpClient http,
            Queue<Write> writes, AtomicBoolean writing, ExecutorService writers) throws Exception {
        List<Long> pidsBefore = RunningSuite.suite().pids();
        AtomicInteger batchNumbers = new AtomicInteger();
        AtomicInteger singleNumbers = new AtomicInteger();
        for (int t = 0; t < 2; t++) {
            writers.submit(() -> {
                while (writing.get()) {
                    String name = tag + "-s-" + singleNumbers.getAndIncrement();
                    writes.add(write(http, token, "single", -1, "/v1/accounts", Map.of("Name", name)));
                    sleep(50);
                }
                return null;
            });
        }
        writers.submit(() -> {
            while (writing.get()) {
                int b = batchNumbers.getAndIncrement();
                List<Map<String, Object>> records = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    records.add(Map.of("Name", tag + "-b-" + b + "-" + i));
                }
                writes.add(write(http, token, "batch", b, "/v1/batch/accounts", Map.of("records", records)));
                sleep(400);
            }
            return null;
        });
        // readiness of the services that use the database, watched all along
        Map<Service, List<long[]>> readiness = new ConcurrentHashMap<>();
        List<Service> withDatabase = List.of(Service.AUTH, Service.RECORDS, Service.QUERY, Service.AI, Service.WEBHOOK);
        writers.submit(() -> {
            while (writing.get()) {
                for (Service service : withDatabase) {
                    readiness.computeIfAbsent(service, k -> new CopyOnWriteArrayList<>())
                            .add(new long[] { System.nanoTime(), ready(http, service) });
                }
                sleep(200);
            }
            return null;
        });

        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (writes.stream().filter(w -> w.status() / 100 == 2).map(Write::kind).distinct().count() < 2
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(2, writes.stream().filter(w -> w.status() / 100 == 2).map(Write::kind).distinct().count(),
                "creates and batches succeed before the fault: " + statuses(writes));
        long down = System.nanoTime();
        RunningSuite.suite().stopPostgres(crash);
        Thread.sleep(OUTAGE.toMillis());
        RunningSuite.suite().startPostgres();
        long up = System.nanoTime();
        // writes go on until the first one answered after PostgreSQL is up succeeds, and 5 s more
        deadline = up + Duration.ofMinutes(2).toNanos();
        Write firstOk = null;
        while (firstOk == null && System.nanoTime() < deadline) {
            firstOk = writes.stream().filter(w -> w.answeredAt() > up && w.status() / 100 == 2)
                    .min(Comparator.comparingLong(Write::answeredAt)).orElse(null);
            Thread.sleep(50);
        }
        assertTrue(firstOk != null, "a write succeeded within 2 minutes of PostgreSQL being up again: "
                + statuses(writes));
        double recovered = (firstOk.answeredAt() - up) / 1e9;
        Thread.sleep(5_000);
        writing.set(false);
        writers.shutdown();
        assertTrue(writers.awaitTermination(2, TimeUnit.MINUTES), "the writers finished");
        // every service ready again, none restarted
        long readyDeadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        for (Service service : withDatabase) {
            while (ready(http, service) != 200 && System.nanoTime() < readyDeadline) {
                Thread.sleep(200);
            }
            assertEquals(200, ready(http, service), service.module() + " is ready again without a restart");
        }
        assertEquals(pidsBefore, RunningSuite.suite().pids(), "no service was restarted");

        // what the clients were told: 2xx, or 503 with Retry-After in the error envelope; never a 500
        int ok = 0;
        int unavailable = 0;
        for (Write w : writes) {
            if (w.status() / 100 == 2) {
                ok++;
            } else {
                assertEquals(503, w.status(), "a write during the outage: " + w + serviceLogOf(w));
                assertTrue(w.retryAfter() != null, "a 503 says when to retry: " + w);
                assertEquals("SERVER_ERROR", w.errorCode(), "a 503 in the error envelope: " + w);
                unavailable++;
            }
        }
        assertTrue(unavailable > 0, "writes during the outage were refused: " + statuses(writes));
        String sawDown = withDatabase.stream().filter(s -> readiness.getOrDefault(s, List.of()).stream()
                .anyMatch(r -> r[0] > down && r[0] < up && r[1] != 200)).map(Service::module)
                .collect(Collectors.joining(", "));
        assertTrue(sawDown.contains("records-service"), "records-service's readiness went DOWN during the outage: "
                + sawDown);

        // what is stored: every acknowledged write; every batch whole or not at all
        Map<String, String> stored = namesById(tag + "-%");
        Map<String, List<String>> storedByBatch = new HashMap<>();
        Set<String> storedSingles = new HashSet<>();
        stored.forEach((id, name) -> {
            String[] parts = name.split("-");
            if ("b".equals(parts[1])) {
                storedByBatch.computeIfAbsent(parts[2], k -> new ArrayList<>()).add(id);
            } else {
                storedSingles.add(id);
            }
        });
        storedByBatch.forEach((batch, ids) -> assertEquals(BATCH, ids.size(), "batch " + batch
                + " is all or nothing: " + ids.size() + " of " + BATCH + " stored"));
        int acknowledgedRecords = 0;
        for (Write w : writes) {
            if (w.status() / 100 == 2) {
                acknowledgedRecords += w.ids().size();
                Set<String> acknowledged = new HashSet<>(w.ids());
                if ("batch".equals(w.kind())) {
                    assertEquals(BATCH, acknowledged.size(), "an acknowledged batch names every record: " + w);
                    assertEquals(acknowledged, new HashSet<>(storedByBatch.getOrDefault(Integer.toString(w.batch()),
                            List.of())), "acknowledged batch " + w.batch() + " is stored");
                } else {
                    assertTrue(storedSingles.containsAll(acknowledged), "an acknowledged create is stored: " + w);
                }
            }
        }
        int storedUnacknowledged = stored.size() - acknowledgedRecords;

        // the outbox: one event for each stored record, none for one that was not stored
        long eventsSince = System.nanoTime();
        Map<String, Set<String>> events = createdEvents(tag + "-", stored.keySet());
        double eventsAfter = seconds(eventsSince);
        Set<String> missing = new HashSet<>(stored.keySet());
        missing.removeAll(events.keySet());
        assertEquals(Set.of(), missing, "every stored record's create event is on the topic");
        Set<String> extra = new HashSet<>(events.keySet());
        extra.removeAll(stored.keySet());
        assertEquals(Set.of(), extra, "no event for a record that was not stored");
        events.forEach((record, ids) -> assertEquals(1, ids.size(), "one create event for " + record + ": " + ids));

        // the consumers were reading those events when PostgreSQL went away under them: ai-service's outcome store
        // (a poll's accounts in one statement) retried its batch rather than skipping it, and no consumer parked an
        // event of a stored record as poison
        long profilesSince = System.nanoTime();
        Set<String> profiled = Set.of();
        long profilesDeadline = profilesSince + Duration.ofMinutes(2).toNanos();
        while (!(profiled = accountProfiles(stored.keySet())).equals(stored.keySet()) && System.nanoTime() < profilesDeadline) {
            Thread.sleep(250);
        }
        Set<String> unprofiled = new HashSet<>(stored.keySet());
        unprofiled.removeAll(profiled);
        assertEquals(Set.of(), unprofiled, "ai-service's outcome store holds every stored account");
        double profilesAfter = seconds(profilesSince);
        for (String service : List.of("webhook", "ai")) {
            // a change event's key is "Account:<id>"
            List<String> parked = given().when().get("/v1/admin/dead-letters/" + service + "?limit=500").then().statusCode(200)
                    .extract().jsonPath().getList("deadLetters.key", String.class);
            assertTrue(parked.stream().noneMatch(key -> stored.containsKey(key.substring(key.indexOf(':') + 1))), service + " parked no event of a stored record: " + parked);
        }

        report("PostgreSQL " + how + " for " + OUTAGE.toSeconds() + " s under write load (2 creating clients, 1 "
                + "sending " + BATCH + "-record batches): first write succeeded %.1f s after PostgreSQL was up, no "
                + "service restarted; %.0f writes answered 2xx, %.0f answered 503 with Retry-After, none 500; "
                + storedByBatch.size() + " batches stored whole, none in part; all %.0f acknowledged records stored ("
                + storedUnacknowledged + " more answered 503 but committed); readiness DOWN during the outage: "
                + sawDown + "; events for exactly the %.0f stored records (%.1f s to read them); ai-service's outcome store "
                + "held all of them %.1f s later, nothing dead-lettered",
                recovered, ok, unavailable, acknowledgedRecords, stored.size(), eventsAfter, profilesAfter);
    }

    @Test
    @Order(7)
    void webhookServiceKilledWhileDeliveringLosesNoDelivery() throws Exception {
        String path = "/webhook-killed";
        subscribeToAccountCreates(path);
        // a slowish subscriber, so that deliveries are in flight when the service dies
        receiver.delay(Duration.ofMillis(150));
        List<String> ids = new CopyOnWriteArrayList<>();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            writer.submit(() -> {
                for (int i = 0; i < 60; i++) {
                    ids.add(createAccount("Webhook Kill " + i));
                    sleep(100);
                }
                return null;
            });
            assertTrue(receiver.awaitTo(path, 10, DELIVERY_WAIT).size() >= 10, "deliveries are flowing");
            int before = receiver.requestsTo(path).size();
            long killed = System.nanoTime();
            RunningSuite.suite().kill(Service.WEBHOOK);
            RunningSuite.suite().restart(Service.WEBHOOK);
            long ready = System.nanoTime();
            writer.shutdown();
            assertTrue(writer.awaitTermination(2, TimeUnit.MINUTES), "the writer finished");
            double lastDelivery = awaitExactlyOnce(path, ids, killed);
            List<Request> received = receiver.requestsTo(path);
            Instant readyAt = Instant.now().minusNanos(System.nanoTime() - ready);
            double firstAfter = received.stream().map(Request::receivedAt).filter(t -> t.isAfter(readyAt))
                    .min(Comparator.naturalOrder()).map(t -> Duration.between(readyAt, t).toMillis() / 1000.0)
                    .orElse(-1.0);
            report("webhook-service SIGKILLed after %.0f of 60 deliveries and restarted (ready %.1f s after the kill): "
                    + "every one of the 60 creates delivered, %.0f requests in all (at least once), one webhook-id per "
                    + "record; first delivery %.1f s after it was ready, the last %.1f s after the kill",
                    before, (ready - killed) / 1e9,
                    received.size(), firstAfter, lastDelivery);
        } finally {
            receiver.delay(Duration.ZERO);
            writer.shutdownNow();
        }
    }

    @Test
    @Order(8)
    void poisonEventsAreDeadLetteredAndLaterEventsFlow() throws Exception {
        String path = "/after-poison";
        subscribeToAccountCreates(path);
        String key = "poison-" + Long.toString(System.nanoTime(), 36);
        // raw bytes: a NUL (which a PostgreSQL text column refuses), bytes that are not UTF-8, then text
        byte[] garbage = new byte[] { 0, (byte) 0xff, (byte) 0xfe, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n', ' ', '{' };
        String wrongShape = "{\"specversion\":\"1.0\",\"id\":\"" + key + "\",\"type\":\"hotcrm.record.created\","
                + "\"data\":{\"object\":\"Account\",\"id\":\"x\",\"record\":\"not an object\"}}";
        Map<String, byte[]> poisons = Map.of(key + "-bytes", garbage,
                key + "-shape", wrongShape.getBytes(StandardCharsets.UTF_8));
        long sent = System.nanoTime();
        int partitions;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RunningSuite.suite().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            // on every partition, so that the later event is behind a poison whichever partition it takes
            partitions = producer.partitionsFor(CHANGE_TOPIC).size();
            for (int partition = 0; partition < partitions; partition++) {
                for (Map.Entry<String, byte[]> poison : poisons.entrySet()) {
                    producer.send(new ProducerRecord<>(CHANGE_TOPIC, partition, poison.getKey(), poison.getValue()))
                            .get(30, TimeUnit.SECONDS);
                }
            }
        }
        String after = createAccount("After Poison");
        double flowing = awaitExactlyOnce(path, List.of(after), sent);

        // each consumer of the topic parked both, and an admin sees them (ai-service has two: the knowledge index and
        // the outcome store the models learn from)
        Map<String, Integer> consumers = Map.of("webhook", 1, "ai", 2);
        for (String service : List.of("webhook", "ai")) {
            List<Map<String, Object>> parked = List.of();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (System.nanoTime() < deadline) {
                parked = given().when().get("/v1/admin/dead-letters/" + service + "?limit=500").then().statusCode(200)
                        .extract().jsonPath().getList("deadLetters");
                if (parked.stream().filter(l -> String.valueOf(l.get("key")).startsWith(key)).count()
                        >= 2L * partitions * consumers.get(service)) {
                    break;
                }
                Thread.sleep(250);
            }
            for (String poison : poisons.keySet()) {
                List<Map<String, Object>> letters = parked.stream().filter(l -> poison.equals(l.get("key"))).toList();
                assertEquals(partitions * consumers.get(service), letters.size(),
                        service + " parked " + poison + " once per partition and consumer");
                assertEquals((long) consumers.get(service), letters.stream().map(l -> l.get("consumer")).distinct().count(),
                        "each of " + service + "'s consumers parked it: " + letters);
                Map<String, Object> letter = letters.get(0);
                assertEquals(CHANGE_TOPIC, letter.get("topic"));
                String payload = String.valueOf(letter.get("payload"));
                assertTrue(poison.endsWith("-shape") ? payload.equals(wrongShape) : payload.endsWith("not json {"),
                        "the payload is kept as it came (text that is not a string's replaced): " + payload);
                // a replay cannot make the bytes a change event: 409 and it stays parked
                given().when().post("/v1/admin/dead-letters/" + service + "/" + letter.get("id") + "/replay").then()
                        .statusCode(409).body("error.code", org.hamcrest.Matchers.equalTo("REFERENCE_ERROR"));
                List<Object> still = given().when().get("/v1/admin/dead-letters/" + service + "?limit=500").then()
                        .statusCode(200).extract().jsonPath().getList("deadLetters.id");
                assertTrue(still.contains(letter.get("id")), "a replay that failed leaves the letter parked");
            }
        }
        report("2 poison messages (bytes with a NUL and no UTF-8, a JSON of the wrong shape) on each of the %.0f partitions of " + CHANGE_TOPIC
                + ": parked by "
                + "webhook-service and both of ai-service's consumers, listed for the admin, a replay answered 409 and left them parked; "
                + "a later create reached its subscriber %.1f s after the poison was sent", partitions, flowing);
    }

    @Test
    @Order(9)
    void aiServiceKilledWhileArticlesChangeRebuildsItsKnowledgeIndexAndMissesNoChange() throws Exception {
        String marker = Long.toString(System.nanoTime(), 36);
        String kept = createArticle("Descaling the Ferrox boiler " + marker, "Drain the Ferrox boiler, add the descaler, "
                + "run a hot cycle twice, then flush it with clean water.");
        String removed = createArticle("Resetting the Ferrox boiler pressure " + marker, "Open the Ferrox relief valve "
                + "until the gauge reads one bar, then close it.");
        Map<String, Object> question = Map.of("query", "Ferrox boiler " + marker, "limit", 10);
        awaitSearch(question, results -> results.containsKey(kept) && results.containsKey(removed), Duration.ofMinutes(1));

        long killed = System.nanoTime();
        RunningSuite.suite().kill(Service.AI);
        // while it is down: one article created, one unpublished; only the topic and records-service know
        String added = createArticle("Bleeding the Ferrox radiators " + marker, "Turn the Ferrox bleed key a quarter turn "
                + "until water appears, on every radiator.");
        given().contentType(ContentType.JSON).body(Map.of("IsPublished", false)).when().patch("/v1/knowledgearticles/" + removed)
                .then().statusCode(200);
        // a new title: results carry the title the index holds, so only the index applying the change shows it
        String renamed = "Descaling and flushing the Ferrox boiler " + marker;
        given().contentType(ContentType.JSON).body(Map.of("Title", renamed)).when().patch("/v1/knowledgearticles/" + kept)
                .then().statusCode(200);
        RunningSuite.suite().restart(Service.AI);
        double ready = (System.nanoTime() - killed) / 1e9;
        // ready means the index was rebuilt from ai.knowledge_chunk; the changes made meanwhile come from the topic
        double caughtUp = awaitSearch(question, results -> results.containsKey(added) && renamed.equals(results.get(kept))
                && !results.containsKey(removed), Duration.ofMinutes(2));
        report("ai-service SIGKILLed while one knowledge article was created, one renamed and one unpublished, then "
                + "restarted (ready %.1f s after the kill, its index rebuilt from the table): the search had all three "
                + "changes %.1f s after it was ready", ready, caughtUp);
    }

    private static String createArticle(String title, String body) {
        return given().contentType(ContentType.JSON).body(Map.of("Title", title, "Body", body, "Category", "How-To",
                "IsPublished", true)).when().post("/v1/knowledgearticles").then().statusCode(201).extract().path("Id");
    }

    /**
     * auth-service SIGKILLed: access tokens it issued before keep working everywhere, whether or not a service
     * has seen them yet (the gateway and the services verify with the keys they fetched, and remember tokens
     * they verified), and carry only their own role; what needs auth-service itself (login, refresh, an API
     * token not exchanged recently) answers 503 with Retry-After, never 401 (which would make a client drop
     * a credential that is still good); after the restart logins work again.
     */
    @Test
    @Order(10)
    void authServiceKilledLeavesIssuedTokensWorkingWithTheirOwnRightsAndLoginUnavailable() throws Exception {
        String email = "rep-" + UUID.randomUUID() + "@example.com";
        given().contentType(ContentType.JSON)
                .body(Map.of("Name", "Rep", "Email", email, "Password", "fault-password-1", "Role", "sales_rep"))
                .when().post("/v1/users").then().statusCode(201);
        Map<String, Object> credentials = Map.of("email", email, "password", "fault-password-1");
        Response login = given().auth().none().contentType(ContentType.JSON).body(credentials).when().post("/v1/auth/token");
        login.then().statusCode(200);
        String used = login.path("token");
        String refreshToken = login.path("refreshToken");
        // issued before the kill, never sent anywhere until the outage
        String unused = given().auth().none().contentType(ContentType.JSON).body(credentials).when().post("/v1/auth/token")
                .then().statusCode(200).extract().path("token");
        String apiToken = given().auth().oauth2(used).contentType(ContentType.JSON).body(Map.of("name", "fault export"))
                .when().post("/v1/auth/api-tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(apiToken).when().get("/v1/accounts").then().statusCode(200);
        // records-service (metadata, writes) and query-service (lists) both verify and remember it
        given().auth().oauth2(used).when().get("/v1/metadata/permissions/Account").then().statusCode(200);
        given().auth().oauth2(used).when().get("/v1/accounts").then().statusCode(200);

        long killed = System.nanoTime();
        RunningSuite.suite().kill(Service.AUTH);
        double down;
        try {
            Map<String, Object> change = Map.of("roles", Map.of("sales_rep", Map.of("delete", true)));
            for (String token : List.of(used, unused)) {
                given().auth().oauth2(token).when().get("/v1/accounts").then().statusCode(200);
                given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("Name", "Made while auth-service was down"))
                        .when().post("/v1/accounts").then().statusCode(201);
                // a sales rep's token, remembered or not, never reaches the admin's routes
                given().auth().oauth2(token).contentType(ContentType.JSON).body(change)
                        .when().put("/v1/metadata/permissions/Account")
                        .then().statusCode(403).body("error.code", org.hamcrest.Matchers.equalTo("PERMISSION_ERROR"));
            }
            // the same signature over other claims is refused, though the keys are only known from before
            given().auth().oauth2(TestTokens.tampered(used, "sales_rep", "admin")).when().get("/v1/accounts").then().statusCode(401);

            // what needs auth-service: 503 with Retry-After, once the API token's exchange is no longer cached
            Thread.sleep(RunningSuite.API_TOKEN_CACHE_TTL.toMillis() + 500);
            given().auth().none().contentType(ContentType.JSON).body(credentials).when().post("/v1/auth/token")
                    .then().statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("error.code", org.hamcrest.Matchers.equalTo("SERVER_ERROR"));
            given().auth().none().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                    .when().post("/v1/auth/refresh").then().statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue());
            given().auth().oauth2(apiToken).when().get("/v1/accounts")
                    .then().statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("error.code", org.hamcrest.Matchers.equalTo("SERVER_ERROR"));
            down = seconds(killed);
        } finally {
            // also when a check failed while it was down: the later tests need it back
            RunningSuite.suite().restart(Service.AUTH);
        }
        double ready = seconds(killed);
        // the gateway's breaker on auth-service may still be open for its delay: logins come back within it
        long back = System.nanoTime();
        Response again = null;
        while (System.nanoTime() - back < Duration.ofSeconds(30).toNanos()) {
            again = given().auth().none().contentType(ContentType.JSON).body(credentials).when().post("/v1/auth/token");
            if (again.statusCode() == 200) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals(200, again.statusCode(), "a login after auth-service is back: " + again.asString());
        given().auth().oauth2(apiToken).when().get("/v1/accounts").then().statusCode(200);
        report("auth-service SIGKILLed: for %.1f s, two access tokens issued before (one never used) listed and created "
                + "and were refused the admin's route, a tampered one was refused, login, refresh and an API token "
                + "answered 503 with Retry-After; ready %.1f s after the kill, a login worked %.1f s after that",
                down, ready, seconds(back));
    }

    /** Seconds until the search's results (id to title) satisfy {@code done}; fails after {@code within}. */
    private static double awaitSearch(Map<String, Object> question, java.util.function.Predicate<Map<String, String>> done,
            Duration within) throws InterruptedException {
        long start = System.nanoTime();
        Map<String, String> results = Map.of();
        while (System.nanoTime() - start < within.toNanos()) {
            var response = given().contentType(ContentType.JSON).body(question).when().post("/v1/ai/knowledge/search");
            if (response.statusCode() == 200) {
                Map<String, String> found = new HashMap<>();
                List<Map<String, Object>> listed = response.jsonPath().getList("results");
                listed.forEach(r -> found.put(String.valueOf(r.get("id")), String.valueOf(r.get("title"))));
                results = found;
                if (done.test(results)) {
                    return (System.nanoTime() - start) / 1e9;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the knowledge search never got there; it answered " + results);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void subscribeToAccountCreates(String path) {
        subscribe("faults " + path, path, "Account", List.of("create"));
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

    /** A POST through the gateway with a 30 s limit; status -1 when no answer came. */
    private static Write write(HttpClient http, String token, String kind, int batch, String path, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(RunningSuite.suite().gatewayUrl() + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long answeredAt = System.nanoTime();
            JsonNode json = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
            List<String> ids = new ArrayList<>();
            if (response.statusCode() / 100 == 2) {
                if (json.has("results")) {
                    json.get("results").forEach(r -> ids.add(r.path("Id").asText()));
                } else {
                    ids.add(json.path("Id").asText());
                }
            }
            return new Write(kind, batch, response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    json.path("error").path("code").asText(null), json.path("error").path("message").asText(null), ids,
                    answeredAt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Write(kind, batch, -1, null, e.toString(), null, List.of(), System.nanoTime());
        } catch (Exception e) {
            return new Write(kind, batch, -1, null, e.toString(), null, List.of(), System.nanoTime());
        }
    }

    /** What records-service logged about a write's request (its id is in the message of a 500), for the failure. */
    private static String serviceLogOf(Write w) {
        if (w.message() == null || !w.message().contains("request id ")) {
            return "";
        }
        String id = w.message().replaceAll(".*request id ([^)\\s]+).*", "$1");
        try {
            List<String> lines = Files.readAllLines(RunningSuite.suite().logFile(Service.RECORDS));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(id) && lines.get(i).contains("ERROR")) {
                    return "; records-service logged:\n" + String.join("\n", lines.subList(i, Math.min(lines.size(), i + 40)));
                }
            }
            return "; records-service logged nothing for request " + id;
        } catch (IOException e) {
            return "; records-service's log unreadable: " + e;
        }
    }

    private static String statuses(Queue<Write> writes) {
        return writes.stream().collect(Collectors.groupingBy(w -> w.status() + " " + w.errorCode(), Collectors.counting()))
                .toString();
    }

    /** The status of a service's readiness check, read on its own port; -1 when it does not answer. */
    private static int ready(HttpClient http, Service service) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + RunningSuite.suite().port(service)
                    + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Id to Name of the accounts whose Name is like {@code pattern}, read through the API. */
    private static Map<String, String> namesById(String pattern) {
        Map<String, String> names = new HashMap<>();
        String cursor = null;
        do {
            var request = given().queryParam("filters", "[[\"Name\",\"like\",\"" + pattern + "\"]]")
                    .queryParam("fields", "Id,Name").queryParam("limit", 200);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/v1/accounts").then().statusCode(200).extract().response();
            List<String> ids = page.jsonPath().getList("records.Id", String.class);
            List<String> found = page.jsonPath().getList("records.Name", String.class);
            for (int i = 0; i < ids.size(); i++) {
                names.put(ids.get(i), found.get(i));
            }
            cursor = page.jsonPath().getString("nextCursor");
        } while (cursor != null);
        return names;
    }

    /**
     * The create events on the change topic for accounts whose Name starts with {@code prefix}, by record id
     * (their event ids), read from the topic's start once every one of {@code expected} is there (or 3 minutes
     * passed), plus whatever follows within 3 s.
     */
    private static Map<String, Set<String>> createdEvents(String prefix, Set<String> expected) throws Exception {
        Map<String, Set<String>> byRecord = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RunningSuite.suite().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "faults-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(CHANGE_TOPIC));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode event;
                    try {
                        event = JSON.readTree(record.value());
                    } catch (Exception notJson) {
                        continue; // the poison case's messages
                    }
                    if ("hotcrm.record.created".equals(event.path("type").asText())
                            && event.path("data").path("record").path("Name").asText().startsWith(prefix)) {
                        byRecord.computeIfAbsent(event.path("data").path("id").asText(), k -> new HashSet<>())
                                .add(event.path("id").asText());
                    }
                }
                if (settleUntil == Long.MAX_VALUE && byRecord.keySet().containsAll(expected)) {
                    settleUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return byRecord;
    }

    /** Which of these accounts ai-service's outcome store holds ({@code ai.account_profile}: its industry). */
    private static Set<String> accountProfiles(Set<String> ids) throws java.sql.SQLException {
        var suite = RunningSuite.suite();
        Set<String> found = new HashSet<>();
        try (java.sql.Connection db = suite.postgres().server().connect(suite.database());
                java.sql.PreparedStatement query = db.prepareStatement("SELECT id FROM ai.account_profile WHERE id = ANY(?)")) {
            query.setArray(1, db.createArrayOf("text", ids.toArray()));
            try (java.sql.ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
