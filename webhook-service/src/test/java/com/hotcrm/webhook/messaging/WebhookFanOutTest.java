package com.hotcrm.webhook.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.testing.FakeWebhookReceiver;
import com.hotcrm.devstack.testing.FakeWebhookReceiver.Request;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.webhook.support.CrmFixture;
import com.hotcrm.webhook.support.WithReceiver;
import com.hotcrm.webhook.support.Webhooks;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The fan-out over the real broker and database: changes nobody subscribes to are skipped from memory,
 * matching ones are fanned out in batches (in order per record, once each, a poison event parked alone),
 * and a disabled webhook's pending deliveries wait, untouched, until it is enabled.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class WebhookFanOutTest extends WithReceiver {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final AtomicInteger SEQ = new AtomicInteger();

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    @Inject
    RecordChangeConsumer consumer;


    @BeforeEach
    void crm() {
        CrmFixture.ensure();
    }

    static String object() {
        return "Fan" + SEQ.incrementAndGet() + "x" + (System.nanoTime() % 100000) + "__c";
    }

    static ChangeEvent event(ChangeEvent.Kind kind, String object, String recordId, Map<String, Object> record) {
        return Webhooks.event(kind, object, recordId, record);
    }

    @Test
    void changesNobodySubscribesToAreSkippedWithoutTouchingTheDatabase() throws Exception {
        String watched = object();
        String unwatched = object();
        Webhooks.created(Webhooks.body(watched, List.of("create"), receiver.url("/watched")));
        assertFalse(consumer.wants(event(ChangeEvent.Kind.CREATED, unwatched, "r1", Map.of())),
                "decided from memory: nobody subscribes");
        assertFalse(consumer.wants(event(ChangeEvent.Kind.UPDATED, watched, "r1", Map.of())),
                "nobody subscribes to updates of the watched object");
        assertTrue(consumer.wants(event(ChangeEvent.Kind.CREATED, watched, "r1", Map.of())));

        double skippedBefore = metric("hotcrm_consumer_skipped_total", "webhook-fan-out");
        double consumedBefore = metric("hotcrm_consumer_consumed_total", "webhook-fan-out");
        // every table the fan-out could read or write is locked against everything: a skipped change that made a
        // single query would wait behind these locks (and time out) instead of being counted as skipped
        SqlConnection locker = pool.getConnection().await().atMost(WAIT);
        try {
            locker.query("BEGIN").execute().await().atMost(WAIT);
            locker.query("LOCK TABLE webhook.endpoint, webhook.delivery, crm.\"user\" IN ACCESS EXCLUSIVE MODE").execute()
                    .await().atMost(WAIT);
            List<ChangeEvent> events = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                events.add(event(ChangeEvent.Kind.CREATED, unwatched, "rec" + i, Map.of("Id", "rec" + i, "Name", "n" + i)));
            }
            Webhooks.publishAll(events);
            Awaitility.await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertTrue(
                    metric("hotcrm_consumer_skipped_total", "webhook-fan-out") >= skippedBefore + 500,
                    "the 500 changes were skipped while every table was locked"));
            assertEquals(consumedBefore, metric("hotcrm_consumer_consumed_total", "webhook-fan-out"),
                    "none of them was handled");
        } finally {
            locker.query("ROLLBACK").execute().await().atMost(WAIT);
            locker.close().await().atMost(WAIT);
        }
        // a watched change still goes out once the locks are gone
        Webhooks.publish(event(ChangeEvent.Kind.CREATED, watched, "w1", Map.of("Id", "w1")));
        assertEquals(1, receiver.awaitTo("/watched", 1, WAIT).size());
    }

    @Test
    void aBurstIsFannedOutInBatchesOncePerEventInOrderPerRecord() throws Exception {
        String object = object();
        String[] hook = Webhooks.created(Webhooks.body(object, List.of("create", "update", "delete"),
                receiver.url("/burst")));
        double batchesBefore = metric("hotcrm_webhook_fanout_batch_events_count", null);
        List<ChangeEvent> events = new ArrayList<>();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        int records = 150;
        for (ChangeEvent.Kind kind : List.of(ChangeEvent.Kind.CREATED, ChangeEvent.Kind.UPDATED, ChangeEvent.Kind.DELETED)) {
            for (int i = 0; i < records; i++) {
                String id = "b" + i;
                ChangeEvent e = event(kind, object, id, Map.of("Id", id, "Name", kind + " " + i));
                events.add(e);
                expected.computeIfAbsent(id, k -> new ArrayList<>()).add(e.id());
            }
        }
        Webhooks.publishAll(events);

        List<Request> got = receiver.awaitTo("/burst", events.size(), WAIT);
        assertEquals(events.size(), got.size(), "every change delivered");
        Thread.sleep(1000);
        assertEquals(events.size(), receiver.requestsTo("/burst").size(), "each once");
        Map<String, List<String>> arrived = new HashMap<>();
        for (Request request : receiver.requestsTo("/burst")) {
            arrived.computeIfAbsent(json.readTree(request.body()).get("recordId").asText(), k -> new ArrayList<>())
                    .add(request.header("webhook-id"));
        }
        assertEquals(expected, arrived, "each record's changes arrived in the order they were made");
        given().when().get("/v1/webhooks/" + hook[0] + "/deliveries?status=succeeded&limit=1").then()
                .body("totalCount", equalTo(events.size()));
        double batches = metric("hotcrm_webhook_fanout_batch_events_count", null) - batchesBefore;
        assertTrue(batches < events.size(), "the burst went in batches, not one by one: " + batches + " batches for "
                + events.size() + " events");
        System.out.printf(Locale.ROOT, "[fan-out] %d events fanned out in %.0f batches%n", events.size(), batches);
    }

    @Test
    void aPoisonEventInABatchIsParkedAloneAndItsNeighboursAreDelivered() throws Exception {
        String object = object();
        Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/poison")));
        ChangeEvent before = event(ChangeEvent.Kind.CREATED, object, "p1", Map.of("Id", "p1"));
        // PostgreSQL text cannot hold a NUL character: storing this delivery's record id fails, every time
        ChangeEvent poison = event(ChangeEvent.Kind.CREATED, object, "p2\u0000", Map.of("Name", "poison"));
        ChangeEvent after = event(ChangeEvent.Kind.CREATED, object, "p3", Map.of("Id", "p3"));
        // (its key is as records-service makes them, so the dead letter can be stored)
        Webhooks.publishAllRaw(List.of(new String[] { before.key(), json.writeValueAsString(before) },
                new String[] { object + ":p2", json.writeValueAsString(poison) },
                new String[] { after.key(), json.writeValueAsString(after) }));

        List<Request> got = receiver.awaitTo("/poison", 2, WAIT);
        // (different records: no order between them)
        assertEquals(java.util.Set.of(before.id(), after.id()),
                got.stream().map(r -> r.header("webhook-id")).collect(java.util.stream.Collectors.toSet()));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/v1/admin/dead-letters/webhook?limit=500")
                .then().statusCode(200)
                .body("deadLetters.find { it.eventId == '" + poison.id() + "' }.consumer", equalTo("webhook-fan-out")));
    }

    @Test
    void aDisabledWebhooksPendingDeliveriesWaitUntouchedAndResumeWhenEnabled() throws Exception {
        String object = object();
        String[] hook = Webhooks.created(Webhooks.body(object, List.of("create", "update"), receiver.url("/parked")));
        given().contentType(ContentType.JSON).body(Map.of("active", false)).when().patch("/v1/webhooks/" + hook[0])
                .then().statusCode(200).body("active", equalTo(false));
        // owed when it was disabled: due now, in order per record
        pool.preparedQuery("""
                INSERT INTO webhook.delivery (id, endpoint_id, event_id, event_type, object, record_id, ordering_key,
                    payload, occurred_at, next_attempt_at)
                SELECT 'msg_park' || g || $3, $1, 'evt-park-' || g || $3, 'create', $2, 'prk_' || (g % 3),
                       $2 || ':prk_' || (g % 3), '{"n":' || g || '}', now(), now()
                FROM generate_series(1, 30) g ORDER BY g""").execute(Tuple.of(hook[0], object, "x" + System.nanoTime()))
                .await().atMost(WAIT);
        // a change while disabled makes nothing
        Webhooks.publish(event(ChangeEvent.Kind.UPDATED, object, "prk_1", Map.of("Id", "prk_1")));
        Thread.sleep(2000);
        assertEquals(0, receiver.requestsTo("/parked").size(), "nothing sent while disabled");
        given().when().get("/v1/webhooks/" + hook[0] + "/deliveries?status=pending&limit=1").then()
                .body("totalCount", equalTo(30)).body("deliveries[0].attempts", equalTo(0));

        given().contentType(ContentType.JSON).body(Map.of("active", true)).when().patch("/v1/webhooks/" + hook[0])
                .then().statusCode(200).body("active", equalTo(true));
        List<Request> got = receiver.awaitTo("/parked", 30, WAIT);
        assertEquals(30, got.size(), "every parked delivery went once enabled");
        Map<String, List<Integer>> byRecord = new HashMap<>();
        for (Request r : got) {
            int n = json.readTree(r.body()).get("n").asInt();
            byRecord.computeIfAbsent("prk_" + (n % 3), k -> new ArrayList<>()).add(n);
        }
        byRecord.values().forEach(ns -> assertEquals(ns.stream().sorted().toList(), ns, "in order per record"));
        Thread.sleep(500);
        assertEquals(30, receiver.requestsTo("/parked").size(), "the change made while disabled was never fanned out");
    }

    /**
     * What a skipped change costs: {@code -Dhotcrm.skipBench.events} (default 20,000) changes of an object
     * nobody subscribes to, and the CPU the service's threads spent until the last was skipped.
     */
    @Test
    void costOfASkippedChange() throws Exception {
        int count = Integer.getInteger("hotcrm.skipBench.events", 20_000);
        String unwatched = object();
        List<String[]> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ChangeEvent e = event(ChangeEvent.Kind.CREATED, unwatched, "acc_" + i, Map.of("Id", "acc_" + i, "Name",
                    "Account " + i, "Industry", "Software", "AnnualRevenue", 1_000_000 + i, "OwnerId", "usr_testadmin"));
            records.add(new String[] { e.key(), json.writeValueAsString(e) });
        }
        double skippedBefore = metric("hotcrm_consumer_skipped_total", "webhook-fan-out");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpuBefore = serviceThreadsCpu(threads);
        long started = System.nanoTime();
        Webhooks.publishAllRaw(records);
        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(
                () -> metric("hotcrm_consumer_skipped_total", "webhook-fan-out") >= skippedBefore + count);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<Long, Long> cpuAfter = serviceThreadsCpu(threads);
        long cpu = 0;
        for (Map.Entry<Long, Long> e : cpuAfter.entrySet()) {
            cpu += e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L);
        }
        System.out.printf(Locale.ROOT, "[fan-out] %d skipped changes: consumer threads' CPU %.0f ms in all, %.1f µs per "
                + "change; all skipped %.1f s after the first was sent (%.0f changes/s, the producer included)%n", count,
                cpu / 1e6, cpu / 1e3 / count, seconds, count / seconds);
        assertTrue(cpu > 0, "the consumer's threads were measured");
    }

    /** CPU time so far of the threads that consume (Kafka's consumer thread, the event loops), by thread id. */
    private static Map<Long, Long> serviceThreadsCpu(ThreadMXBean threads) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            if (name.startsWith("smallrye-kafka-consumer-thread") || name.startsWith("vert.x-eventloop-thread")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }

    /** A counter or summary value from /q/metrics; with {@code consumer}, the series of that consumer. */
    static double metric(String name, String consumer) {
        String text = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        double total = 0;
        while (m.find()) {
            if (consumer == null || (m.group(1) != null && m.group(1).contains("consumer=\"" + consumer + "\""))) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
