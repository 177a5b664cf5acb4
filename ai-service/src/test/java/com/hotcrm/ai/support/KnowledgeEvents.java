package com.hotcrm.ai.support;

import java.time.Instant;
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

/**
 * KnowledgeArticle changes as records-service publishes them, on the real broker; the record is also put in
 * (or taken out of) {@link FakeQueryService}, as it would be in the CRM.
 */
public final class KnowledgeEvents {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static KafkaProducer<String, String> producer;

    private KnowledgeEvents() {
    }

    public static synchronized void publish(ChangeEvent.Kind kind, Map<String, Object> record) throws Exception {
        String id = (String) record.get("Id");
        if (kind == ChangeEvent.Kind.DELETED) {
            FakeQueryService.remove("KnowledgeArticle", id);
        } else {
            FakeQueryService.put("KnowledgeArticle", record);
        }
        publish(event(kind, "KnowledgeArticle", record));
    }

    /** A change of any object's record, as records-service writes it. */
    public static ChangeEvent event(ChangeEvent.Kind kind, String object, Map<String, Object> record) {
        return ChangeEvent.of("/hotcrm/records-service", kind, object, (String) record.get("Id"), record,
                List.copyOf(record.keySet()), "usr_test", Instant.now());
    }

    /** Publishes the event as it is (nothing put in the fake query-service); answers the JSON sent. */
    public static String publish(ChangeEvent event) throws Exception {
        String json = JSON.writeValueAsString(event);
        publishRaw(event.key(), json);
        return json;
    }

    public static synchronized void publishRaw(String key, String value) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestInfrastructure.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer());
        }
        producer.send(new ProducerRecord<>(ChangeEvent.TOPIC, key, value)).get();
    }
}
