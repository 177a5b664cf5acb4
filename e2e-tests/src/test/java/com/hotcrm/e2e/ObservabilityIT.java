package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.hotcrm.devstack.suite.Service;

import io.restassured.path.json.JsonPath;

/**
 * What operations sees of the running suite: each service's health checks and metrics by name, and one
 * trace followed from the gateway into the service's log and the Kafka event's headers.
 */
@ExtendWith(RunningSuite.class)
class ObservabilityIT {

    /** Readiness checks each service must report (by name), beyond being UP. */
    private static final Map<Service, List<String>> READINESS = Map.of(
            Service.AUTH, List.of("Reactive PostgreSQL connections health check"),
            Service.RECORDS, List.of("Reactive PostgreSQL connections health check"),
            Service.QUERY, List.of("Reactive PostgreSQL connections health check"),
            Service.AI, List.of("Reactive PostgreSQL connections health check"),
            Service.WEBHOOK, List.of("Reactive PostgreSQL connections health check"),
            Service.GATEWAY, List.of());

    @Test
    void everyServiceReportsItsHealthChecksByName() {
        for (Service service : Service.values()) {
            for (String kind : List.of("live", "ready", "started")) {
                given().auth().none().baseUri(base(service)).when().get("/q/health/" + kind)
                        .then().statusCode(200).body("status", equalTo("UP"));
            }
            JsonPath health = given().auth().none().baseUri(base(service)).when().get("/q/health")
                    .then().statusCode(200).body("status", equalTo("UP")).extract().jsonPath();
            List<String> names = health.getList("checks.name");
            for (String check : READINESS.get(service)) {
                assertTrue(names.stream().anyMatch(n -> n.startsWith(check)), service + " has no '" + check + "': " + names);
            }
        }
        given().auth().none().baseUri(base(Service.GATEWAY)).when().get("/q/health")
                .then().body("checks.find { it.name == 'upstream services' }.status", equalTo("UP"));
    }

    /** Each service's reactive pool by default, and its LISTEN connections (docs/deployment.md, PostgreSQL connections). */
    private static final Map<Service, Integer> POOL = Map.of(Service.GATEWAY, 5, Service.AUTH, 10, Service.RECORDS, 20,
            Service.QUERY, 20, Service.AI, 10, Service.WEBHOOK, 10);
    private static final Map<Service, Integer> LISTENING = Map.of(Service.RECORDS, 1, Service.QUERY, 1, Service.WEBHOOK, 2);

    @Test
    void everyDatabaseSessionNamesItsServiceAndNoneHoldsMoreThanItsShare() throws Exception {
        // the gateway's pool serves only calls with an Idempotency-Key
        given().contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("Name", "Connections " + UUID.randomUUID())).when().post("/v1/accounts").then().statusCode(201);
        given().when().get("/v1/accounts?limit=1").then().statusCode(200);
        Map<String, Integer> sessions = new java.util.TreeMap<>();
        var suite = RunningSuite.suite();
        try (java.sql.Connection db = suite.postgres().server().connect(suite.database());
                java.sql.PreparedStatement query = db.prepareStatement("SELECT application_name, count(*) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1")) {
            try (java.sql.ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    sessions.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        java.util.Set<String> named = new java.util.HashSet<>();
        for (Service service : Service.values()) {
            String name = service.module();
            int pooled = sessions.getOrDefault(name, 0);
            // the gateway and query-service were just used; an idle pool may have closed every connection
            boolean used = service == Service.GATEWAY || service == Service.QUERY;
            assertTrue(pooled >= (used ? 1 : 0) && pooled <= POOL.get(service), name + " holds " + pooled + " pooled sessions, its share is "
                    + POOL.get(service) + ": " + sessions);
            assertEquals(LISTENING.getOrDefault(service, 0), sessions.getOrDefault(name + "-listen", 0), name + ": " + sessions);
            assertTrue(sessions.getOrDefault(name + "-migrations", 0) <= 3, name + ": " + sessions);
            named.addAll(List.of(name, name + "-listen", name + "-migrations"));
        }
        // no session of the suite's database goes unnamed (the drivers' own "vertx-pg-client", "PostgreSQL JDBC Driver")
        assertTrue(named.containsAll(sessions.keySet()), "sessions not named after a service: " + sessions);
    }

    @Test
    void everyServiceServesTheNamedMetrics() throws Exception {
        // traffic first, so that per-route, per-object and outbox series exist
        String id = given().contentType("application/json").body(Map.of("Name", "Metrics " + UUID.randomUUID()))
                .when().post("/v1/accounts").then().statusCode(201).extract().path("Id");
        given().when().get("/v1/accounts/" + id).then().statusCode(200);
        given().when().get("/v1/accounts/nope_1").then().statusCode(404);
        given().when().get("/v1/accounts?limit=1").then().statusCode(200);
        for (Service service : Service.values()) {
            // one request to each service itself, so that it has request series whatever ran before
            given().auth().none().baseUri(base(service)).when().get("/no-such-resource").then().statusCode(404);
        }

        for (Service service : Service.values()) {
            String metrics = metrics(service);
            for (String name : List.of("http_server_requests_seconds_bucket", "http_server_requests_seconds_count",
                    "jvm_memory_used_bytes", "process_cpu_usage")) {
                assertTrue(metrics.contains(name), service + " has no " + name);
            }
        }
        String gateway = metrics(Service.GATEWAY);
        assertTrue(gateway.contains("hotcrm_gateway_requests_seconds_bucket{"), "per-route latency histogram");
        assertTrue(gateway.contains("uri=\"/v1/*\""), "the proxied paths share one uri");
        assertTrue(!gateway.contains("uri=\"/v1/accounts/" + id), "no series per record id");
        assertSeries(gateway, "hotcrm_gateway_requests_seconds_count", "route=\"/{object}/{id}\"", "status=\"200\"",
                "upstream=\"records\"");
        assertSeries(gateway, "hotcrm_gateway_requests_seconds_count", "route=\"/{object}/{id}\"", "status=\"404\"",
                "outcome=\"CLIENT_ERROR\"");
        assertSeries(gateway, "hotcrm_gateway_requests_seconds_count", "route=\"/{object}\"", "upstream=\"query\"");

        String records = eventually(Service.RECORDS, "hotcrm_outbox_published_total");
        assertSeries(records, "hotcrm_records_written_total", "object=\"Account\"", "type=\"hotcrm.record.created\"");
        assertSeries(records, "hotcrm_outbox_published_total", "topic=\"hotcrm.record-changes\"", "object=\"Account\"");
        assertSeries(records, "hotcrm_outbox_lag_seconds", "outbox=\"crm.outbox\"");
        assertSeries(records, "hotcrm_outbox_delay_seconds_bucket", "outbox=\"crm.outbox\"");
        assertSeries(records, "hotcrm_outbox_publish_failures_total", "outbox=\"crm.outbox\"");
        assertTrue(records.contains("kafka_consumer_fetch_manager_records_lag_max"), "Kafka consumer lag (user-changes)");
        assertSeries(metrics(Service.AUTH), "hotcrm_outbox_lag_seconds", "outbox=\"auth.outbox\"");
        String webhooks = metrics(Service.WEBHOOK);
        for (String name : List.of("hotcrm_webhook_deliveries_succeeded_total", "hotcrm_webhook_deliveries_failed_total",
                "hotcrm_webhook_queue_depth", "hotcrm_webhook_delivery_lag_seconds_bucket")) {
            assertTrue(webhooks.contains(name), "webhook-service has no " + name);
        }
        assertTrue(webhooks.contains("kafka_consumer_fetch_manager_records_lag_max"), "Kafka consumer lag (record-changes)");
    }

    @Test
    void aTraceEnteringAtTheGatewayReachesTheServiceLogAndTheKafkaEvent() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] traceBytes = new byte[16];
        byte[] spanBytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(traceBytes);
        ThreadLocalRandom.current().nextBytes(spanBytes);
        String traceId = hex.formatHex(traceBytes);
        String requestId = "trace-it-" + UUID.randomUUID();

        String id = given().header("traceparent", "00-" + traceId + "-" + hex.formatHex(spanBytes) + "-01")
                .header("X-Request-Id", requestId)
                .contentType("application/json").body(Map.of("Name", "Traced " + traceId))
                .when().post("/v1/accounts").then().statusCode(201).extract().path("Id");

        // the service's log line for the request carries both ids
        var log = RunningSuite.suite().logFile(Service.RECORDS);
        String line = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (line == null && System.nanoTime() < deadline) {
            line = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains(requestId) && l.contains(traceId)).findFirst().orElse(null);
            if (line == null) {
                Thread.sleep(200);
            }
        }
        assertTrue(line != null, "records-service logged no line with request " + requestId + " and trace " + traceId);
        assertTrue(line.contains("POST /v1/accounts 201"), line);

        // the change event on Kafka is in the same trace
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RunningSuite.suite().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-trace-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("hotcrm.record-changes"));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.isEmpty() && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                    if (("Account:" + id).equals(record.key())) {
                        found.add(record);
                    }
                });
            }
            assertFalse(found.isEmpty(), "no event for Account:" + id);
            ConsumerRecord<String, String> event = found.get(0);
            Header traceparent = event.headers().lastHeader("traceparent");
            assertTrue(traceparent != null, "the event has no traceparent header");
            String header = new String(traceparent.value(), StandardCharsets.UTF_8);
            assertEquals(traceId, header.split("-")[1], "the event's trace: " + header);
            assertEquals(traceId, JsonPath.from(event.value()).getString("traceparent").split("-")[1],
                    "the CloudEvent's traceparent attribute");
        }
    }

    private static String base(Service service) {
        return "http://localhost:" + RunningSuite.suite().port(service);
    }

    private static String metrics(Service service) {
        return given().auth().none().baseUri(base(service)).accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200).extract().asString();
    }

    /** The metrics once {@code name} appears (the outbox relay publishes within a poll interval). */
    private static String eventually(Service service, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String metrics = metrics(service);
        while (!metrics.contains(name) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            metrics = metrics(service);
        }
        return metrics;
    }

    private static void assertSeries(String metrics, String name, String... labels) {
        boolean found = metrics.lines().anyMatch(line -> line.startsWith(name + "{")
                && java.util.Arrays.stream(labels).allMatch(line::contains));
        assertTrue(found, "no series " + name + " with " + String.join(", ", labels));
    }

}
