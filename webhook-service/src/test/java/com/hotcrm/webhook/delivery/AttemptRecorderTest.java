package com.hotcrm.webhook.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.webhook.repository.DeliveryRepository.Claimed;
import com.hotcrm.webhook.repository.EndpointRepository;
import com.hotcrm.webhook.repository.DeliveryRepository.Outcome;
import com.hotcrm.webhook.support.CrmFixture;
import com.hotcrm.webhook.support.Webhooks;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Outcomes written in groups mean what they meant one at a time: every claimed delivery and its attempt line
 * is written once, a lost claim writes nothing, and an endpoint's failing streak follows the order of the
 * attempts within a group.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class AttemptRecorderTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    AttemptRecorder recorder;

    @Inject
    Pool pool;

    @Inject
    EndpointRepository endpoints;

    String endpoint;

    @BeforeEach
    void endpoint() {
        CrmFixture.ensure();
        endpoint = Webhooks.created(Webhooks.body("Recorder" + System.nanoTime() + "__c", List.of("create"),
                "http://127.0.0.1:9/unused"))[0];
    }

    @Test
    void manyOutcomesAtOnceAreEachWrittenOnceAndALostClaimIsNot() {
        List<Claimed> claimed = claim(300);
        Claimed lost = claimed.get(0);
        List<Uni<Boolean>> written = new ArrayList<>();
        for (Claimed c : claimed) {
            Claimed sent = c == lost ? withToken(c, UUID.randomUUID()) : c;
            written.add(recorder.record(sent, success(now()), false));
        }
        List<Boolean> results = Uni.join().all(written).andFailFast().await().atMost(WAIT);
        assertFalse(results.get(0), "a claim that was lost is not written");
        assertEquals(299, results.stream().filter(b -> b).count());

        Row counts = pool.preparedQuery("""
                SELECT count(*) FILTER (WHERE d.status = 'succeeded' AND d.attempts = 1 AND d.claim_token IS NULL
                                              AND d.completed_at IS NOT NULL) AS done,
                       count(*) FILTER (WHERE d.status = 'pending' AND d.attempts = 0) AS untouched,
                       (SELECT count(*) FROM webhook.delivery_attempt a JOIN webhook.delivery x ON x.id = a.delivery_id
                        WHERE x.endpoint_id = $1 AND a.response_code = 200) AS logged
                FROM webhook.delivery d WHERE d.endpoint_id = $1""")
                .execute(Tuple.of(endpoint)).await().atMost(WAIT).iterator().next();
        assertEquals(299, counts.getLong("done"));
        assertEquals(1, counts.getLong("untouched"), "the lost claim's delivery is as it was");
        assertEquals(299, counts.getLong("logged"), "one attempt line per written outcome");
    }

    @Test
    void withinAGroupTheLastAttemptDecidesTheFailingStreak() throws Exception {
        List<Claimed> claimed = claim(6);
        OffsetDateTime t = now();
        // a failure then a success: the streak ends
        inOneGroup(claimed.get(0), List.of(claimed.get(1), claimed.get(2)),
                List.of(failure(t.plusSeconds(1)), success(t.plusSeconds(2))));
        assertNull(failingSince(), "a success after the failure clears the streak");
        // a success then failures: the streak starts at the first failure after it
        inOneGroup(claimed.get(5), List.of(claimed.get(3), claimed.get(4)),
                List.of(failure(t.plusSeconds(4)), success(t.plusSeconds(3))));
        assertEquals(t.plusSeconds(4).toInstant(), failingSince().toInstant());
    }

    /**
     * Records {@code outcomes} for {@code claimed} in one group: a first outcome ({@code blocker}) waits on a
     * row lock held here, so the others queue behind its write and are taken together once the lock goes.
     */
    private void inOneGroup(Claimed blocker, List<Claimed> claimed, List<Outcome> outcomes) throws Exception {
        SqlConnection lock = pool.getConnection().await().atMost(WAIT);
        try {
            lock.query("BEGIN").execute().await().atMost(WAIT);
            lock.preparedQuery("SELECT 1 FROM webhook.delivery WHERE id = $1 FOR UPDATE").execute(Tuple.of(blocker.id()))
                    .await().atMost(WAIT);
            var first = recorder.record(blocker, success(now().minusDays(1)), false)
                    .subscribeAsCompletionStage();
            Thread.sleep(300);
            List<java.util.concurrent.CompletableFuture<Boolean>> rest = new ArrayList<>();
            for (int i = 0; i < claimed.size(); i++) {
                rest.add(recorder.record(claimed.get(i), outcomes.get(i), false).subscribeAsCompletionStage());
            }
            assertFalse(first.isDone(), "the first write waits for the lock");
            lock.query("COMMIT").execute().await().atMost(WAIT);
            for (var r : rest) {
                assertTrue(r.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            lock.close().await().atMost(WAIT);
        }
    }

    private OffsetDateTime failingSince() {
        return pool.preparedQuery("SELECT failing_since FROM webhook.endpoint WHERE id = $1").execute(Tuple.of(endpoint))
                .await().atMost(WAIT).iterator().next().getOffsetDateTime("failing_since");
    }

    /** {@code n} deliveries to the endpoint, claimed here (not due, so no worker takes them). */
    /**
     * A worker holding one of an endpoint's deliveries and then reaching for another that the endpoint's
     * delete already holds: PostgreSQL aborts the delete (its deadlock check runs first), and the delete runs
     * again once the worker's transaction ends, instead of answering 503.
     */
    @Test
    void aDeleteAbortedByADeadlockWithAWorkerIsTriedAgain() throws Exception {
        List<Claimed> claimed = claim(2);
        SqlConnection worker = pool.getConnection().await().atMost(WAIT);
        try {
            var tx = worker.begin().await().atMost(WAIT);
            // the worker's own deadlock check waits longer, so the delete is the one PostgreSQL aborts
            worker.query("SET LOCAL deadlock_timeout = '10s'").execute().await().atMost(WAIT);
            // the row the delete reaches second: its scan takes the later-inserted delivery first
            worker.preparedQuery("UPDATE webhook.delivery SET attempts = attempts + 1 WHERE id = $1")
                    .execute(Tuple.of(claimed.get(0).id())).await().atMost(WAIT);
            var deleting = endpoints.delete(endpoint).subscribeAsCompletionStage();
            awaitDeleteWaitingForALock();
            worker.preparedQuery("UPDATE webhook.delivery SET attempts = attempts + 1 WHERE id = $1")
                    .execute(Tuple.of(claimed.get(1).id())).await().atMost(WAIT);
            tx.commit().await().atMost(WAIT);
            assertTrue(deleting.get(30, java.util.concurrent.TimeUnit.SECONDS), "deleted after all");
        } finally {
            worker.close().await().atMost(WAIT);
        }
        assertEquals(0L, pool.preparedQuery("SELECT (SELECT count(*) FROM webhook.endpoint WHERE id = $1)"
                + " + (SELECT count(*) FROM webhook.delivery WHERE endpoint_id = $1)").execute(Tuple.of(endpoint))
                .await().atMost(WAIT).iterator().next().getLong(0));
    }

    private void awaitDeleteWaitingForALock() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            long waiting = pool.query("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'DELETE FROM webhook.delivery%'").execute().await().atMost(WAIT)
                    .iterator().next().getLong(0);
            if (waiting > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the delete never waited for the worker's row");
    }

    private List<Claimed> claim(int n) {
        String tag = Long.toString(System.nanoTime(), 36);
        List<Claimed> claimed = new ArrayList<>();
        pool.preparedQuery("""
                INSERT INTO webhook.delivery (id, endpoint_id, event_id, event_type, object, record_id, ordering_key,
                    payload, occurred_at, next_attempt_at, locked_until, claim_token)
                SELECT 'msg_rec' || g || $2, $1, 'evt-rec-' || g || $2, 'create', 'X', 'r' || g, 'X:r' || g, '{}', now(),
                       now() + interval '1 day', now() + interval '1 hour', gen_random_uuid()
                FROM generate_series(1, $3) g
                RETURNING id, event_id, claim_token, occurred_at""")
                .execute(Tuple.of(endpoint, tag, n)).await().atMost(WAIT)
                .forEach(row -> claimed.add(new Claimed(row.getString("id"), endpoint, row.getString("event_id"), "{}", 0,
                        row.getOffsetDateTime("occurred_at"), row.getUUID("claim_token"), "http://127.0.0.1:9/unused",
                        "unused", null, null)));
        claimed.sort((a, b) -> a.id().compareTo(b.id()));
        return claimed;
    }

    private static Claimed withToken(Claimed c, UUID token) {
        return new Claimed(c.id(), c.endpointId(), c.eventId(), c.payload(), c.attempts(), c.occurredAt(), token, c.url(),
                c.secret(), c.previousSecret(), c.previousSecretExpiresAt());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    private static Outcome success(OffsetDateTime at) {
        return new Outcome(at, 200, 3, null, "succeeded", null);
    }

    private static Outcome failure(OffsetDateTime at) {
        return new Outcome(at, 500, 3, "HTTP 500", "pending", at.plusSeconds(5));
    }
}
