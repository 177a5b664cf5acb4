package com.hotcrm.records.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.Ports;
import com.hotcrm.devstack.kafka.KafkaBroker;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.platform.event.ChangeEvent;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Writes go on while Kafka is down; their events wait in the outbox and go out once it is back. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaOutageTest.OwnBroker.class)
class KafkaOutageTest {

    /** A broker of this test's own, which it stops and starts again on the same port and data. */
    public static class OwnBroker implements QuarkusTestResourceLifecycleManager {
        static Path dir;
        static int port;
        static KafkaBroker broker;

        @Override
        public Map<String, String> start() {
            try {
                dir = Files.createTempDirectory("hotcrm-outage-kafka");
                port = Ports.free();
                broker = KafkaBroker.start(dir, port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
        }

        @Override
        public void stop() {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Inject
    Pool pool;

    @Test
    void writesSucceedWhileTheBrokerIsDownAndTheirEventsArriveWhenItIsBack() throws Exception {
        OwnBroker.broker.close();
        String id = given().contentType(ContentType.JSON).body(Map.of("Name", "Written During Outage"))
                .when().post("/v1/accounts")
                .then().statusCode(201)
                .extract().path("Id");
        given().contentType(ContentType.JSON).body(Map.of("Phone", "+1-555-0666"))
                .when().patch("/v1/accounts/" + id).then().statusCode(200);
        assertEquals(2L, unsent(id), "both events wait in the outbox");

        OwnBroker.broker = KafkaBroker.start(OwnBroker.dir, OwnBroker.port);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, OwnBroker.broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(ChangeEvent.TOPIC));
            List<String> keys = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (keys.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (("Account:" + id).equals(r.key())) {
                        keys.add(r.key());
                    }
                });
            }
            assertEquals(2, keys.size(), "both events were published after the broker came back");
        }
        assertEquals(0L, unsent(id));
    }

    @Test
    void aFrozenBrokerHoldsNoLocksAndEveryEventGoesOutOnceItThaws() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        OwnBroker.broker.freeze();
        try {
            for (int i = 0; i < 20; i++) {
                ids.add(create("Written While Frozen " + i));
            }
            // past the producer's delivery timeout (30 s) and many relay rounds (publish timeout 2 s in tests)
            Thread.sleep(35_000);
            assertEquals(0L, waitingOnLocks(), "no session waits on a lock the relay holds");
            assertEquals(20L, unsentOf(ids), "the events wait in the outbox");
        } finally {
            OwnBroker.broker.thaw();
        }
        for (int i = 0; i < 3; i++) {
            ids.add(create("Written After Thaw " + i));
        }
        java.util.Set<String> wanted = new java.util.HashSet<>();
        ids.forEach(id -> wanted.add("Account:" + id));
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, OwnBroker.broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "freeze-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(ChangeEvent.TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!seen.containsAll(wanted) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (wanted.contains(r.key())) {
                        seen.add(r.key());
                    }
                });
            }
        }
        assertEquals(wanted, seen, "all 23 creates were published after the thaw");
        assertEquals(0L, unsentOf(ids));
    }

    private static String create(String name) {
        return given().contentType(ContentType.JSON).body(Map.of("Name", name))
                .when().post("/v1/accounts")
                .then().statusCode(201)
                .extract().path("Id");
    }

    private long unsentOf(List<String> ids) {
        return pool.preparedQuery("SELECT count(*) AS n FROM crm.outbox WHERE event_key = ANY($1) AND sent_at IS NULL")
                .execute(Tuple.of(ids.stream().map(id -> "Account:" + id).toArray(String[]::new)))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("n");
    }

    private long waitingOnLocks() {
        return pool.query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock'").execute()
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("n");
    }

    private long unsent(String id) {
        return pool.preparedQuery("SELECT count(*) AS n FROM crm.outbox WHERE event_key = $1 AND sent_at IS NULL")
                .execute(Tuple.of("Account:" + id)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("n");
    }
}
