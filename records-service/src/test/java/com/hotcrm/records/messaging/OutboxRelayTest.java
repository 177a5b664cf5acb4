package com.hotcrm.records.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestInfrastructure;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.records.repository.OutboxRepository;
import com.hotcrm.records.service.RecordService;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class OutboxRelayTest {

    @Inject
    Pool pool;

    @Inject
    OutboxRepository outbox;

    @Inject
    ObjectMapper json;

    @Test
    void committedEventsArePublishedInOrderWithTheirKeyAndMarkedSent() throws Exception {
        String recordId = "acc_" + UUID.randomUUID();
        ChangeEvent created = ChangeEvent.of(RecordService.EVENT_SOURCE, ChangeEvent.Kind.CREATED, "Account", recordId,
                Map.of("Id", recordId, "Name", "Acme"), List.of("Name"), "usr_1", Instant.now());
        ChangeEvent updated = ChangeEvent.of(RecordService.EVENT_SOURCE, ChangeEvent.Kind.UPDATED, "Account", recordId,
                Map.of("Id", recordId, "Name", "Acme Corp"), List.of("Name"), "usr_1", Instant.now());

        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(ChangeEvent.TOPIC));
            pool.withTransaction(tx -> outbox.append(tx, created).call(() -> outbox.append(tx, updated)))
                    .await().atMost(Duration.ofSeconds(10));

            List<ConsumerRecord<String, String>> mine = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mine.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (("Account:" + recordId).equals(r.key())) {
                        mine.add(r);
                    }
                });
            }

            assertEquals(2, mine.size(), "both events reached the broker");
            JsonNode first = json.readTree(mine.get(0).value());
            JsonNode second = json.readTree(mine.get(1).value());
            assertEquals(created.id(), first.get("id").asText());
            assertEquals("hotcrm.record.created", first.get("type").asText());
            assertEquals("1.0", first.get("specversion").asText());
            assertEquals(recordId, first.get("subject").asText());
            assertEquals("Acme", first.at("/data/record/Name").asText());
            assertEquals(updated.id(), second.get("id").asText());
            assertEquals("hotcrm.record.updated", second.get("type").asText());
            assertEquals(ChangeEvent.CONTENT_TYPE,
                    new String(mine.get(0).headers().lastHeader("content-type").value(), StandardCharsets.UTF_8));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var rows = pool.preparedQuery("SELECT count(*) AS unsent FROM crm.outbox WHERE event_key = $1 AND sent_at IS NULL")
                    .execute(Tuple.of("Account:" + recordId)).await().atMost(Duration.ofSeconds(5));
            assertEquals(0L, rows.iterator().next().getLong("unsent"));
        });
        var sent = pool.preparedQuery("SELECT sent_at FROM crm.outbox WHERE event_id = $1::uuid")
                .execute(Tuple.of(created.id())).await().atMost(Duration.ofSeconds(5));
        assertNotNull(sent.iterator().next().getOffsetDateTime("sent_at"));
    }

    @Test
    void anEventWhoseTransactionRollsBackIsNeverPublished() throws Exception {
        String recordId = "acc_" + UUID.randomUUID();
        ChangeEvent doomed = ChangeEvent.of(RecordService.EVENT_SOURCE, ChangeEvent.Kind.CREATED, "Account", recordId,
                Map.of("Id", recordId), List.of(), "usr_1", Instant.now());
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(ChangeEvent.TOPIC));
            try {
                pool.withTransaction(tx -> outbox.append(tx, doomed)
                        .call(() -> tx.query("SELECT 1/0").execute()))
                        .await().atMost(Duration.ofSeconds(10));
            } catch (RuntimeException expected) {
                // division by zero aborts the transaction, and the event with it
            }
            // a later committed event for the same record proves the relay ran past the rolled-back one
            ChangeEvent later = ChangeEvent.of(RecordService.EVENT_SOURCE, ChangeEvent.Kind.UPDATED, "Account", recordId,
                    Map.of("Id", recordId), List.of(), "usr_1", Instant.now());
            pool.withTransaction(tx -> outbox.append(tx, later)).await().atMost(Duration.ofSeconds(10));

            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (("Account:" + recordId).equals(r.key())) {
                        values.add(r.value());
                    }
                });
            }
            assertEquals(1, values.size(), "only the committed event was published");
            assertEquals(later.id(), json.readTree(values.get(0)).get("id").asText());
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-relay-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
    }
}
