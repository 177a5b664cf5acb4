package com.hotcrm.webhook.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.webhook.repository.EndpointRepository;
import com.hotcrm.webhook.support.CrmFixture;
import com.hotcrm.webhook.support.Webhooks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every replica's in-memory copy of the active webhooks follows changes made on any replica: the one that made
 * the change at once, the others by NOTIFY, and one that cannot LISTEN by its fingerprint poll. "Another
 * replica" here is a second {@link ActiveWebhooks} over the same database, with its own LISTEN connection.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class ActiveWebhooksTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final AtomicInteger SEQ = new AtomicInteger();

    @Inject
    ActiveWebhooks local;

    @Inject
    EndpointRepository endpoints;

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @BeforeEach
    void crm() {
        CrmFixture.ensure();
    }

    static String object() {
        return "Reg" + SEQ.incrementAndGet() + "x" + (System.nanoTime() % 100000) + "__c";
    }

    /** Another replica's registry: LISTENing on {@code listenUrl}, polling every {@code poll} (zero: never). */
    ActiveWebhooks replica(String listenUrl, Duration poll) {
        ActiveWebhooks other = new ActiveWebhooks(endpoints, vertx, poll, new SimpleMeterRegistry(), listenUrl, user, "");
        other.start(null);
        assertTrue(other.isLoaded(), "loaded at start");
        return other;
    }

    @Test
    void changesMadeOnOneReplicaReachAnotherByNotify() throws Exception {
        ActiveWebhooks other = replica(url, Duration.ZERO);
        try {
            String object = object();
            assertFalse(other.anyMatch(object, "create"));

            String id = Webhooks.created(Webhooks.body(object, List.of("create"), "http://127.0.0.1:9/hook"))[0];
            assertTrue(local.anyMatch(object, "create"), "the replica that made it knows before it answers");
            Awaitility.await().atMost(WAIT).until(() -> other.anyMatch(object, "create"));
            assertFalse(other.anyMatch(object, "update"));

            patch(id, Map.of("events", List.of("update")));
            Awaitility.await().atMost(WAIT).until(() -> other.anyMatch(object, "update") && !other.anyMatch(object, "create"));

            patch(id, Map.of("active", false));
            assertFalse(local.anyMatch(object, "update"));
            Awaitility.await().atMost(WAIT).until(() -> !other.anyMatch(object, "update"));

            patch(id, Map.of("active", true));
            Awaitility.await().atMost(WAIT).until(() -> other.anyMatch(object, "update"));

            // a change made by a statement, not through the API (the delivery worker disabling a gone endpoint)
            pool.preparedQuery("UPDATE webhook.endpoint SET active = false WHERE id = $1").execute(Tuple.of(id))
                    .await().atMost(WAIT);
            Awaitility.await().atMost(WAIT).until(() -> !other.anyMatch(object, "update") && !local.anyMatch(object, "update"));
            pool.preparedQuery("UPDATE webhook.endpoint SET active = true WHERE id = $1").execute(Tuple.of(id))
                    .await().atMost(WAIT);
            Awaitility.await().atMost(WAIT).until(() -> other.anyMatch(object, "update"));

            // an attempt's bookkeeping does not decide what matches: no reload for it
            long reloads = other.reloads();
            pool.preparedQuery("UPDATE webhook.endpoint SET failing_since = now() WHERE id = $1").execute(Tuple.of(id))
                    .await().atMost(WAIT);
            Thread.sleep(1000);
            assertEquals(reloads, other.reloads(), "an update of failing_since announces nothing");

            given().when().delete("/v1/webhooks/" + id).then().statusCode(200);
            assertFalse(local.anyMatch(object, "update"));
            Awaitility.await().atMost(WAIT).until(() -> !other.anyMatch(object, "update"));
        } finally {
            other.stop(null);
        }
    }

    @Test
    void aReplicaThatCannotListenConvergesByThePoll() throws Exception {
        // its LISTEN connection goes nowhere (as on a hot standby, where no NOTIFY arrives)
        String nowhere = url.replaceFirst("://([^/:]+)(:\\d+)?/", "://127.0.0.1:9/");
        ActiveWebhooks other = replica(nowhere, Duration.ofMillis(300));
        try {
            String object = object();
            String id = Webhooks.created(Webhooks.body(object, List.of("delete"), "http://127.0.0.1:9/hook"))[0];
            Awaitility.await().atMost(WAIT).until(() -> other.anyMatch(object, "delete"));
            given().when().delete("/v1/webhooks/" + id).then().statusCode(200);
            Awaitility.await().atMost(WAIT).until(() -> !other.anyMatch(object, "delete"));
        } finally {
            other.stop(null);
        }
    }

    private static void patch(String id, Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).when().patch("/v1/webhooks/" + id).then().statusCode(200);
    }
}
