package com.hotcrm.devstack.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads JSON events back from a topic of the tests' real broker, from its start. */
public final class KafkaEvents implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public KafkaEvents(String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** The events with this Kafka key, once {@code expected} arrived (or 20 s), plus any that follow at once. */
    public List<JsonNode> forKey(String key, int expected) throws Exception {
        return matching(record -> key.equals(record.key()), expected);
    }

    /** The events whose JSON matches, once {@code expected} arrived (or 20 s), plus any that follow at once. */
    public List<JsonNode> where(Predicate<JsonNode> test, int expected) throws Exception {
        return matching(record -> test.test(parse(record.value())), expected);
    }

    private List<JsonNode> matching(Predicate<ConsumerRecord<String, String>> test, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (seen.stream().filter(test).count() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        long settle = System.nanoTime() + Duration.ofMillis(700).toNanos();
        while (System.nanoTime() < settle) {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        return seen.stream().filter(test).map(record -> parse(record.value())).toList();
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException("Not JSON on the topic: " + value, e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
