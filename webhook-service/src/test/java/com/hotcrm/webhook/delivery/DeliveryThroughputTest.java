package com.hotcrm.webhook.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.FakeWebhookReceiver;
import com.hotcrm.devstack.testing.FakeWebhookReceiver.Request;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.webhook.support.CrmFixture;
import com.hotcrm.webhook.support.WithReceiver;
import com.hotcrm.webhook.support.Webhooks;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * How fast one replica drains a backlog owed to one healthy subscriber, the delivery path alone (claim, sign,
 * send, record): {@code -Dhotcrm.bench.deliveries=N} deliveries (default 5,000) are written as the fan-out
 * writes them, all due now, and the test waits until the subscriber got each exactly once, then prints the rate
 * ({@code [bench] ...}). It asserts what was delivered, never how fast.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class DeliveryThroughputTest extends WithReceiver {

    static final int DELIVERIES = Integer.getInteger("hotcrm.bench.deliveries", 5_000);

    @Inject
    Pool pool;


    @Test
    void aBacklogToOneSubscriberIsDeliveredOnceEach() throws Exception {
        CrmFixture.ensure();
        String object = "Throughput" + System.nanoTime() + "__c";
        String endpoint = Webhooks.created(Webhooks.body(object, List.of("create"), receiver.url("/throughput")))[0];
        String tag = Long.toString(System.nanoTime(), 36);
        Instant written = Instant.now();
        pool.preparedQuery("""
                INSERT INTO webhook.delivery (id, endpoint_id, event_id, event_type, object, record_id, ordering_key,
                    payload, occurred_at, next_attempt_at)
                SELECT 'msg_tp' || g || $3, $1, 'evt-tp-' || g || $3, 'create', $2, 'r' || g, $2 || ':r' || g,
                       '{"type":"create","recordId":"r' || g || '"}', now(), now()
                FROM generate_series(1, $4) g""")
                .execute(Tuple.of(endpoint, object, tag, DELIVERIES)).await().atMost(Duration.ofMinutes(1));
        long started = System.nanoTime();
        List<Request> got = receiver.awaitTo("/throughput", DELIVERIES, Duration.ofSeconds(Math.max(120, DELIVERIES / 10)));
        double seconds = (System.nanoTime() - started) / 1e9;
        Set<String> ids = new HashSet<>();
        got.forEach(r -> ids.add(r.header("webhook-id")));
        assertEquals(DELIVERIES, got.size(), "every delivery sent");
        assertEquals(DELIVERIES, ids.size(), "each once");
        System.out.println(String.format(Locale.ROOT, "[bench] %d deliveries owed to one subscriber drained in %.1f s: "
                + "%.0f deliveries/s (written at %s)", DELIVERIES, seconds, DELIVERIES / seconds, written));
    }
}
