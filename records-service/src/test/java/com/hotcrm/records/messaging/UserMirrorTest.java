package com.hotcrm.records.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestInfrastructure;
import com.hotcrm.platform.event.ChangeEvent;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class UserMirrorTest {

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    void publish(ChangeEvent.Kind kind, Map<String, Object> user) throws Exception {
        ChangeEvent event = ChangeEvent.of(kind, "User", (String) user.get("Id"), user, null, "usr_admin", Instant.now())
                .withSource("/hotcrm/auth-service");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(ChangeEvent.USER_TOPIC, "User", json.writeValueAsString(event))).get();
        }
    }

    static Map<String, Object> user(String id, String name, String managerId, boolean active) {
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

    Row awaitUser(String id, String expectedName) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var rows = pool.preparedQuery("SELECT * FROM crm.\"user\" WHERE id = $1").execute(Tuple.of(id))
                    .await().atMost(Duration.ofSeconds(5));
            if (rows.size() == 1) {
                Row row = rows.iterator().next();
                if (expectedName.equals(row.getString("name"))) {
                    return row;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("user " + id + " named " + expectedName + " never mirrored");
    }

    @Test
    void usersFromAuthBecomeTheReadOnlyUserObjectWithTheirManagers() throws Exception {
        String manager = "usr_mgr" + System.nanoTime();
        String rep = "usr_rep" + System.nanoTime();
        publish(ChangeEvent.Kind.CREATED, user(manager, "Maya Manager", null, true));
        publish(ChangeEvent.Kind.CREATED, user(rep, "Remy Rep", manager, true));
        Row row = awaitUser(rep, "Remy Rep");
        assertEquals(manager, row.getString("manager_id"));
        assertEquals(rep + "@example.com", row.getString("email"));

        publish(ChangeEvent.Kind.UPDATED, user(rep, "Remy Renamed", manager, false));
        assertEquals(false, awaitUser(rep, "Remy Renamed").getBoolean("is_active"));

    }
}
