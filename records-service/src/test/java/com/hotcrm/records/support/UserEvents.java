package com.hotcrm.records.support;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.hotcrm.devstack.testing.TestInfrastructure;
import com.hotcrm.platform.event.ChangeEvent;

/** auth-service's user changes, as a test publishes them on {@value ChangeEvent#USER_TOPIC}. */
public final class UserEvents {

    public static final String SOURCE = "/hotcrm/auth-service";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static KafkaProducer<String, String> producer;

    private UserEvents() {
    }

    /** A user as auth-service describes it, changed now. */
    public static Map<String, Object> user(String id, String name, String managerId, boolean active) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("Id", id);
        user.put("Name", name);
        user.put("Email", id + "@example.com");
        user.put("Role", "sales_rep");
        user.put("ManagerId", managerId);
        user.put("IsActive", active);
        user.put("CreatedDate", "2026-01-05T10:00:00Z");
        user.put("ModifiedDate", Instant.now().toString());
        return user;
    }

    public static ChangeEvent event(ChangeEvent.Kind kind, Map<String, Object> user) {
        return ChangeEvent.of(SOURCE, kind, "User", (String) user.get("Id"), user, null, "usr_admin", Instant.now());
    }

    /** Publishes the event and answers the JSON sent. */
    public static String publish(ChangeEvent event) throws Exception {
        String json = JSON.writeValueAsString(event);
        publishRaw(json);
        return json;
    }

    public static void publishRaw(String value) throws Exception {
        publishRaw("User", value);
    }

    public static synchronized void publishRaw(String key, String value) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestInfrastructure.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer());
        }
        producer.send(new ProducerRecord<>(ChangeEvent.USER_TOPIC, key, value)).get();
    }
}
