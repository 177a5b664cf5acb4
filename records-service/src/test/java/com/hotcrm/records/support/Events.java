package com.hotcrm.records.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.testing.TestInfrastructure;
import com.hotcrm.platform.event.ChangeEvent;

/** Reads change events back from the real broker. */
public final class Events implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> seen = new ArrayList<>();

    /** Subscribes from the start of the topic; filter by key with {@link #forKey}. */
    public Events() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "records-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(ChangeEvent.TOPIC));
    }

    /** Waits until {@code expected} events with this key arrived (or 20 s), then a moment more for extras. */
    public List<JsonNode> forKey(String key, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count(key) < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        long settle = System.nanoTime() + Duration.ofMillis(700).toNanos();
        while (System.nanoTime() < settle) {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        List<JsonNode> events = new ArrayList<>();
        for (var record : seen) {
            if (key.equals(record.key())) {
                events.add(JSON.readTree(record.value()));
            }
        }
        return events;
    }

    private long count(String key) {
        return seen.stream().filter(r -> key.equals(r.key())).count();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
