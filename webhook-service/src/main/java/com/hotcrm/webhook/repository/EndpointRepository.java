package com.hotcrm.webhook.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.platform.error.DatabaseFailures;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL of {@code webhook.endpoint}. */
@ApplicationScoped
public class EndpointRepository {

    /** How many times a delete aborted by a deadlock with a delivery worker is tried in all. */
    static final int DELETE_TRIES = 4;
    /** Deliveries deleted per statement while an endpoint is deleted. */
    static final int DELETE_BATCH = 2000;

    /** A page of endpoints and how many there are in all. */
    public record Page(List<EndpointRow> rows, long total) {
    }

    private final Pool pool;

    public EndpointRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<EndpointRow> insert(EndpointRow e) {
        return pool.preparedQuery("""
                INSERT INTO webhook.endpoint (id, owner_id, name, object, events, url, secret, active)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *""")
                .execute(Tuple.from(List.of(e.id(), e.ownerId(), e.name(), e.object(), e.events().toArray(String[]::new),
                        e.url(), e.secret(), e.active())))
                .map(rows -> EndpointRow.from(rows.iterator().next()));
    }

    public Uni<Optional<EndpointRow>> find(String id) {
        return pool.preparedQuery("SELECT * FROM webhook.endpoint WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(EndpointRow.from(rows.iterator().next())));
    }

    /** Endpoints of one owner, or everyone's when {@code ownerId} is null, oldest first. */
    public Uni<Page> list(String ownerId, int limit, int offset) {
        return pool.preparedQuery("""
                SELECT *, count(*) OVER () AS total FROM webhook.endpoint
                WHERE ($1::text IS NULL OR owner_id = $1) ORDER BY id LIMIT $2 OFFSET $3""")
                .execute(Tuple.of(ownerId, limit, offset))
                .flatMap(rows -> {
                    List<EndpointRow> list = new ArrayList<>();
                    long total = -1;
                    for (Row row : rows) {
                        list.add(EndpointRow.from(row));
                        total = row.getLong("total");
                    }
                    if (total >= 0 || offset == 0) {
                        return Uni.createFrom().item(new Page(list, Math.max(total, 0)));
                    }
                    return pool.preparedQuery("SELECT count(*) AS n FROM webhook.endpoint WHERE ($1::text IS NULL OR owner_id = $1)")
                            .execute(Tuple.of(ownerId))
                            .map(count -> new Page(list, count.iterator().next().getLong("n")));
                });
    }

    /** Writes every changeable column of the endpoint. */
    public Uni<EndpointRow> update(EndpointRow e) {
        return pool.preparedQuery("""
                UPDATE webhook.endpoint SET name = $2, object = $3, events = $4, url = $5, secret = $6,
                    previous_secret = $7, previous_secret_expires_at = $8, active = $9, disabled_reason = $10,
                    disabled_at = $11, failing_since = $12, updated_at = now()
                WHERE id = $1 RETURNING *""")
                .execute(Tuple.from(new Object[] { e.id(), e.name(), e.object(), e.events().toArray(String[]::new), e.url(),
                        e.secret(), e.previousSecret(), e.previousSecretExpiresAt(), e.active(), e.disabledReason(),
                        e.disabledAt(), e.failingSince() }))
                .map(rows -> EndpointRow.from(rows.iterator().next()));
    }

    /**
     * Deletes the endpoint and what it is owed, without waiting behind the delivery workers:
     * <ol>
     * <li>the endpoint is made inactive (its own short statement), so no worker claims its deliveries any more;</li>
     * <li>its deliveries are deleted a batch at a time, passing over those a worker holds right now (SKIP LOCKED);
     * a backlog of 10,000 used to be one DELETE that queued behind every claim and attempt in flight, past the
     * lock timeout three times, and the gateway answered 504 under load;</li>
     * <li>what is left (the few in flight), then the endpoint, in one transaction: deliveries first, then the
     * endpoint, the order in which a worker locks them. A worker recording a group of attempts still locks its
     * deliveries in its own order, so this can meet it in a deadlock; PostgreSQL then aborts one of the two, and
     * a delete so aborted is tried again (it is idempotent), up to {@value #DELETE_TRIES} times.</li>
     * </ol>
     */
    public Uni<Boolean> delete(String id) {
        return pool.preparedQuery("UPDATE webhook.endpoint SET active = false, updated_at = now() WHERE id = $1 AND active")
                .execute(Tuple.of(id))
                .flatMap(stopped -> deleteUnclaimedDeliveries(id))
                .flatMap(cleared -> pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM webhook.delivery WHERE endpoint_id = $1")
                        .execute(Tuple.of(id))
                        .flatMap(deliveries -> tx.preparedQuery("DELETE FROM webhook.endpoint WHERE id = $1").execute(Tuple.of(id)))
                        .map(rows -> rows.rowCount() > 0))
                        .onFailure(DatabaseFailures::isCollision).retry()
                        .withBackOff(Duration.ofMillis(50), Duration.ofMillis(500)).atMost(DELETE_TRIES - 1));
    }

    /** Deletes the endpoint's deliveries no worker holds, {@value #DELETE_BATCH} at a time, until none is left to take. */
    private Uni<Void> deleteUnclaimedDeliveries(String id) {
        return pool.preparedQuery("DELETE FROM webhook.delivery WHERE id IN (SELECT id FROM webhook.delivery "
                + "WHERE endpoint_id = $1 LIMIT " + DELETE_BATCH + " FOR UPDATE SKIP LOCKED)")
                .execute(Tuple.of(id))
                .flatMap(rows -> rows.rowCount() == DELETE_BATCH ? deleteUnclaimedDeliveries(id) : Uni.createFrom().voidItem());
    }

    /** An active endpoint subscribed to an event, and whose it is. */
    public record Subscription(String endpointId, String ownerId) {
    }

    /** Every active endpoint, for the in-memory registry (ActiveWebhooks). */
    public Uni<List<EndpointRow>> active() {
        return pool.query("SELECT * FROM webhook.endpoint WHERE active ORDER BY id").execute()
                .map(rows -> {
                    List<EndpointRow> found = new ArrayList<>();
                    rows.forEach(row -> found.add(EndpointRow.from(row)));
                    return found;
                });
    }

    /**
     * A digest of what decides which active endpoint matches an event (id, owner, object, events): it changes
     * whenever {@link #active()} would load something else.
     */
    public Uni<String> activeFingerprint() {
        return pool.query("""
                SELECT md5(coalesce(string_agg(id || '/' || owner_id || '/' || object || '/' || array_to_string(events, ','),
                    '|' ORDER BY id), '')) AS fingerprint
                FROM webhook.endpoint WHERE active""").execute()
                .map(rows -> rows.iterator().next().getString("fingerprint"));
    }

    /** Disables every active endpoint of these owners, saying why; endpoints already disabled keep their reason. */
    public Uni<Integer> disableOwnedBy(java.util.Collection<String> ownerIds, String reason) {
        return pool.preparedQuery("""
                UPDATE webhook.endpoint SET active = false, disabled_reason = $2, disabled_at = now(), updated_at = now()
                WHERE owner_id = ANY ($1) AND active""")
                .execute(Tuple.of(ownerIds.toArray(String[]::new), reason))
                .map(rows -> rows.rowCount());
    }
}
