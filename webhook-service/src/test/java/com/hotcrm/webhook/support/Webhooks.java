package com.hotcrm.webhook.support;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Builders for the tests: webhook bodies, and record changes published on the real broker. */
public final class Webhooks {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static KafkaProducer<String, String> producer;

    private Webhooks() {
    }

    public static Map<String, Object> body(String object, List<String> events, String url) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", object + " hook");
        body.put("object", object);
        body.put("events", events);
        body.put("url", url);
        return body;
    }

    public static ValidatableResponse create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/webhooks").then();
    }

    /** Creates a webhook and gives back {id, secret}. */
    public static String[] created(Map<String, Object> body) {
        var response = create(body).statusCode(201).extract();
        return new String[] { response.path("id"), response.path("secret") };
    }

    public static ChangeEvent event(ChangeEvent.Kind kind, String object, String recordId, Map<String, Object> record) {
        return ChangeEvent.of("/hotcrm/records-service", kind, object, recordId, record, kind == ChangeEvent.Kind.UPDATED ? List.of("Name") : null,
                "usr_testadmin", Instant.now());
    }

    public static synchronized void publish(ChangeEvent event) throws Exception {
        publishRaw(event.key(), JSON.writeValueAsString(event));
    }

    /** Sends them all before waiting for any, so the consumer finds many in one poll; in order per key. */
    public static synchronized void publishAll(List<ChangeEvent> events) throws Exception {
        List<String[]> records = new java.util.ArrayList<>();
        for (ChangeEvent event : events) {
            records.add(new String[] { event.key(), JSON.writeValueAsString(event) });
        }
        publishAllRaw(records);
    }

    /** {key, value} pairs, sent before waiting for any. */
    public static synchronized void publishAllRaw(List<String[]> records) throws Exception {
        producer();
        List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        for (String[] record : records) {
            sent.add(producer.send(new ProducerRecord<>(ChangeEvent.TOPIC, record[0], record[1])));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> future : sent) {
            future.get();
        }
    }

    private static void producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestInfrastructure.kafkaBootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                    new StringSerializer());
        }
    }

    public static synchronized void publishRaw(String key, String value) throws Exception {
        producer();
        producer.send(new ProducerRecord<>(ChangeEvent.TOPIC, key, value)).get();
    }
}
