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

    public static synchronized void publishRaw(String key, String value) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestInfrastructure.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer());
        }
        producer.send(new ProducerRecord<>(ChangeEvent.TOPIC, key, value)).get();
    }
}
