package com.hotcrm.webhook.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.data.db.PlannerStatistics;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL of {@code webhook.delivery} and {@code webhook.delivery_attempt}. */
@ApplicationScoped
public class DeliveryRepository {

    /** A delivery to write: one event for one endpoint. */
    public record NewDelivery(String id, String endpointId, String eventId, String eventType, String object,
            String recordId, String orderingKey, String payload, OffsetDateTime occurredAt) {
    }

    /** A delivery a worker claimed, with what it takes to send it. */
    public record Claimed(String id, String endpointId, String eventId, String payload, int attempts,
            OffsetDateTime occurredAt, UUID claimToken, String url, String secret, String previousSecret,
            OffsetDateTime previousSecretExpiresAt) {
    }

    /** One attempt of the delivery log. */
    public record Attempt(int attempt, OffsetDateTime attemptedAt, Integer responseCode, Integer latencyMs, String error) {
    }

    /** A delivery as its log shows it. */
    public record DeliveryRow(String id, String endpointId, String eventId, String eventType, String object,
            String recordId, String status, int attempts, OffsetDateTime createdAt, OffsetDateTime nextAttemptAt,
            OffsetDateTime lastAttemptAt, Integer lastResponseCode, Integer lastLatencyMs, String lastError,
            OffsetDateTime completedAt, List<Attempt> history) {
    }

    public record Page(List<DeliveryRow> rows, long total) {
    }

    /** What an attempt came to, to record. */
    public record Outcome(OffsetDateTime attemptedAt, Integer responseCode, Integer latencyMs, String error,
            String status, OffsetDateTime nextAttemptAt) {
    }

    /**
     * Per active endpoint, as many due deliveries as it has free slots here ({@code $4} less its deliveries in
     * flight: endpoints {@code $3} with counts {@code $6}), that are not leased and have no earlier pending
     * delivery of the same record, walked on delivery_endpoint_due_idx and locked (SKIP LOCKED: another
     * replica's are passed over); of those, {@code $1} in all, taking every endpoint's first before any
     * endpoint's second. Cost grows with the endpoints and the rows claimed, not with any backlog, and nothing
     * is claimed only to be given back. Public for the test that reads its plan.
     */
    public static final String CLAIM = """
            WITH candidates AS (
                SELECT c.id, c.endpoint_id, c.next_attempt_at, c.seq,
                       row_number() OVER (PARTITION BY c.endpoint_id ORDER BY c.next_attempt_at, c.seq) AS rn
                FROM webhook.endpoint e
                LEFT JOIN unnest($3::text[], $6::int[]) AS busy (endpoint_id, in_flight) ON busy.endpoint_id = e.id
                CROSS JOIN LATERAL (
                    SELECT d.id, d.endpoint_id, d.next_attempt_at, d.seq
                    FROM webhook.delivery d
                    WHERE d.endpoint_id = e.id AND d.status = 'pending' AND d.next_attempt_at <= now()
                      AND (d.locked_until IS NULL OR d.locked_until < now())
                      AND NOT EXISTS (SELECT 1 FROM webhook.delivery p
                                      WHERE p.endpoint_id = d.endpoint_id AND p.ordering_key = d.ordering_key
                                        AND p.status = 'pending' AND p.seq < d.seq)
                    ORDER BY d.next_attempt_at, d.seq
                    LIMIT greatest(0, $4 - coalesce(busy.in_flight, 0))
                    FOR UPDATE OF d SKIP LOCKED
                ) c
                WHERE e.active AND coalesce(busy.in_flight, 0) < $4
            ), picked AS (
                SELECT id FROM candidates ORDER BY rn, next_attempt_at, seq LIMIT $1
            )
            UPDATE webhook.delivery d SET locked_until = now() + make_interval(secs => $2), claim_token = $5
            FROM webhook.endpoint e
            WHERE d.id = ANY (ARRAY(SELECT id FROM picked)) AND e.id = d.endpoint_id
            RETURNING d.id, d.endpoint_id, d.event_id, d.payload, d.attempts, d.occurred_at, d.claim_token,
                      e.url, e.secret, e.previous_secret, e.previous_secret_expires_at""";

    private static final String TABLE = "webhook.delivery";

    private final Pool pool;
    /**
     * The delivery table fills and empties in bursts; the claim's plan is only right once the planner knows
     * how many rows there are, so writes here are counted towards an ANALYZE.
     */
    private final PlannerStatistics statistics;

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
        this.statistics = new PlannerStatistics(pool, 1000, 0.1);
    }

    public Pool pool() {
        return pool;
    }

    /**
     * Writes the deliveries with one statement, in their order (so one record's deliveries get ascending
     * {@code seq}); one already written for the same endpoint and event is left as it is.
     */
    public Uni<Void> insert(List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = deliveries.size();
        String[] ids = new String[n];
        String[] endpointIds = new String[n];
        String[] eventIds = new String[n];
        String[] eventTypes = new String[n];
        String[] objects = new String[n];
        String[] recordIds = new String[n];
        String[] orderingKeys = new String[n];
        String[] payloads = new String[n];
        OffsetDateTime[] occurredAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            NewDelivery d = deliveries.get(i);
            ids[i] = d.id();
            endpointIds[i] = d.endpointId();
            eventIds[i] = d.eventId();
            eventTypes[i] = d.eventType();
            objects[i] = d.object();
            recordIds[i] = d.recordId();
            orderingKeys[i] = d.orderingKey();
            payloads[i] = d.payload();
            occurredAt[i] = d.occurredAt();
        }
        return pool.preparedQuery("""
                INSERT INTO webhook.delivery (id, endpoint_id, event_id, event_type, object, record_id, ordering_key,
                    payload, occurred_at, next_attempt_at)
                SELECT id, endpoint_id, event_id, event_type, object, record_id, ordering_key, payload, occurred_at, now()
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::timestamptz[]) WITH ORDINALITY
                     AS d (id, endpoint_id, event_id, event_type, object, record_id, ordering_key, payload, occurred_at, n)
                ORDER BY n
                ON CONFLICT (endpoint_id, event_id) DO NOTHING""")
                .execute(Tuple.from(new Object[] { ids, endpointIds, eventIds, eventTypes, objects, recordIds,
                        orderingKeys, payloads, occurredAt }))
                .invoke(rows -> statistics.written(TABLE, rows.rowCount()))
                .replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} due deliveries for {@code lease}: at most {@code perEndpoint} per endpoint
     * less those of {@code inFlight} (endpoint id to deliveries in flight here), and never one whose record
     * has an earlier pending delivery to the same endpoint. Rows another replica holds are skipped, not waited
     * for.
     */
    public Uni<List<Claimed>> claim(int limit, Duration lease, Map<String, Integer> inFlight, int perEndpoint) {
        UUID token = UUID.randomUUID();
        String[] endpoints = inFlight.keySet().toArray(String[]::new);
        Integer[] inFlightCounts = java.util.Arrays.stream(endpoints).map(inFlight::get).toArray(Integer[]::new);
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.from(new Object[] { limit, lease.toMillis() / 1000.0, endpoints, perEndpoint, token,
                        inFlightCounts }))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new Claimed(row.getString("id"), row.getString("endpoint_id"),
                                row.getString("event_id"), row.getString("payload"), row.getInteger("attempts"),
                                row.getOffsetDateTime("occurred_at"), row.getUUID("claim_token"), row.getString("url"),
                                row.getString("secret"), row.getString("previous_secret"),
                                row.getOffsetDateTime("previous_secret_expires_at")));
                    }
                    return claimed;
                });
    }

    /** Gives a claimed delivery back untouched. */
    public Uni<Void> release(Claimed claimed) {
        return pool.preparedQuery("UPDATE webhook.delivery SET locked_until = NULL, claim_token = NULL WHERE id = $1 AND claim_token = $2")
                .execute(Tuple.of(claimed.id(), claimed.claimToken())).replaceWithVoid();
    }

    /**
     * Records attempts of claimed deliveries with one statement, in the caller's transaction: each delivery's
     * outcome and its line in the attempt log. Returns the ids recorded; a delivery whose claim was lost (its
     * lease ran out and another worker took it) is left out, and nothing is written for it.
     */
    public Uni<Set<String>> recordAttempts(SqlClient tx, List<Claimed> claimed, List<Outcome> outcomes) {
        int n = claimed.size();
        String[] ids = new String[n];
        UUID[] tokens = new UUID[n];
        String[] statuses = new String[n];
        OffsetDateTime[] next = new OffsetDateTime[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        Integer[] codes = new Integer[n];
        Integer[] latencies = new Integer[n];
        String[] errors = new String[n];
        for (int i = 0; i < n; i++) {
            Outcome o = outcomes.get(i);
            ids[i] = claimed.get(i).id();
            tokens[i] = claimed.get(i).claimToken();
            statuses[i] = o.status();
            next[i] = o.nextAttemptAt();
            at[i] = o.attemptedAt();
            codes[i] = o.responseCode();
            latencies[i] = o.latencyMs();
            errors[i] = o.error();
        }
        return tx.preparedQuery("""
                WITH outcome AS (
                    SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[],
                                         $6::int[], $7::int[], $8::text[])
                        AS o (id, token, status, next_attempt_at, attempted_at, response_code, latency_ms, error)
                ), updated AS (
                    UPDATE webhook.delivery d SET attempts = d.attempts + 1, status = o.status,
                        next_attempt_at = o.next_attempt_at, locked_until = NULL, claim_token = NULL,
                        last_attempt_at = o.attempted_at, first_attempt_at = coalesce(d.first_attempt_at, o.attempted_at),
                        last_response_code = o.response_code, last_latency_ms = o.latency_ms, last_error = o.error,
                        completed_at = CASE WHEN o.status = 'pending' THEN NULL ELSE now() END
                    FROM outcome o
                    WHERE d.id = o.id AND d.claim_token = o.token
                    RETURNING d.id, o.token, d.attempts, o.attempted_at, o.response_code, o.latency_ms, o.error
                ), logged AS (
                    INSERT INTO webhook.delivery_attempt (delivery_id, attempt, attempted_at, response_code, latency_ms, error)
                    SELECT id, attempts, attempted_at, response_code, latency_ms, error FROM updated
                    ON CONFLICT (delivery_id, attempt) DO NOTHING
                )
                SELECT id, token FROM updated""")
                .execute(Tuple.from(new Object[] { ids, tokens, statuses, next, at, codes, latencies, errors }))
                .map(rows -> {
                    Set<String> recorded = new HashSet<>();
                    rows.forEach(row -> recorded.add(claimKey(row.getString("id"), row.getUUID("token"))));
                    statistics.written(TABLE, recorded.size());
                    return recorded;
                });
    }

    /** One claim of one delivery: a stale claim and a fresh one of the same delivery differ by token. */
    public static String claimKey(String deliveryId, UUID claimToken) {
        return deliveryId + "/" + claimToken;
    }

    /** A success clears the endpoint's failing streak. */
    public Uni<Void> endpointSucceeded(SqlClient tx, String endpointId) {
        return tx.preparedQuery("UPDATE webhook.endpoint SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL")
                .execute(Tuple.of(endpointId)).replaceWithVoid();
    }

    /** A failure starts (or continues) the endpoint's failing streak; the streak's start. */
    public Uni<OffsetDateTime> endpointFailed(SqlClient tx, String endpointId, OffsetDateTime at) {
        return tx.preparedQuery("""
                UPDATE webhook.endpoint SET failing_since = coalesce(failing_since, $2) WHERE id = $1
                RETURNING failing_since""")
                .execute(Tuple.of(endpointId, at))
                .map(rows -> rows.size() == 0 ? at : rows.iterator().next().getOffsetDateTime("failing_since"));
    }

    public Uni<Void> disableEndpoint(SqlClient tx, String endpointId, String reason) {
        return tx.preparedQuery("""
                UPDATE webhook.endpoint SET active = false, disabled_reason = $2, disabled_at = now(), updated_at = now()
                WHERE id = $1 AND active""")
                .execute(Tuple.of(endpointId, reason)).replaceWithVoid();
    }

    /** An endpoint's deliveries, newest first, each with its attempts. */
    public Uni<Page> list(String endpointId, String status, int limit, int offset) {
        return pool.preparedQuery("""
                SELECT d.*, count(*) OVER () AS total FROM webhook.delivery d
                WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2)
                ORDER BY d.seq DESC LIMIT $3 OFFSET $4""")
                .execute(Tuple.of(endpointId, status, limit, offset))
                .flatMap(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    long total = list.isEmpty() ? 0 : list.get(0).getLong("total");
                    return withHistory(list).map(deliveries -> new Page(deliveries, total));
                });
    }

    public Uni<Optional<DeliveryRow>> find(String endpointId, String deliveryId) {
        return pool.preparedQuery("SELECT * FROM webhook.delivery WHERE endpoint_id = $1 AND id = $2")
                .execute(Tuple.of(endpointId, deliveryId))
                .flatMap(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    return withHistory(list).map(d -> d.isEmpty() ? Optional.<DeliveryRow>empty() : Optional.of(d.get(0)));
                });
    }

    /** Makes a delivery due now, whatever its status; false if there is no such delivery. */
    public Uni<Boolean> retryNow(String endpointId, String deliveryId) {
        return pool.preparedQuery("""
                UPDATE webhook.delivery SET status = 'pending', next_attempt_at = now(), completed_at = NULL
                WHERE endpoint_id = $1 AND id = $2""")
                .execute(Tuple.of(endpointId, deliveryId)).map(rows -> rows.rowCount() > 0);
    }

    public Uni<Long> pendingCount() {
        return pool.query("SELECT count(*) AS n FROM webhook.delivery WHERE status = 'pending'").execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<Integer> pruneFinishedBefore(OffsetDateTime before) {
        return pool.preparedQuery("DELETE FROM webhook.delivery WHERE status <> 'pending' AND completed_at < $1")
                .execute(Tuple.of(before)).map(rows -> {
                    statistics.written(TABLE, rows.rowCount());
                    return rows.rowCount();
                });
    }

    private Uni<List<DeliveryRow>> withHistory(List<Row> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] ids = rows.stream().map(r -> r.getString("id")).toArray(String[]::new);
        return pool.preparedQuery("""
                SELECT * FROM webhook.delivery_attempt WHERE delivery_id = ANY ($1) ORDER BY delivery_id, attempt""")
                .execute(Tuple.of(ids))
                .map(attempts -> {
                    Map<String, List<Attempt>> history = new LinkedHashMap<>();
                    for (Row a : attempts) {
                        history.computeIfAbsent(a.getString("delivery_id"), k -> new ArrayList<>())
                                .add(new Attempt(a.getInteger("attempt"), a.getOffsetDateTime("attempted_at"),
                                        a.getInteger("response_code"), a.getInteger("latency_ms"), a.getString("error")));
                    }
                    return rows.stream().map(r -> new DeliveryRow(r.getString("id"), r.getString("endpoint_id"),
                            r.getString("event_id"), r.getString("event_type"), r.getString("object"),
                            r.getString("record_id"), r.getString("status"), r.getInteger("attempts"),
                            r.getOffsetDateTime("created_at"), r.getOffsetDateTime("next_attempt_at"),
                            r.getOffsetDateTime("last_attempt_at"), r.getInteger("last_response_code"),
                            r.getInteger("last_latency_ms"), r.getString("last_error"),
                            r.getOffsetDateTime("completed_at"), history.getOrDefault(r.getString("id"), List.of())))
                            .toList();
                });
    }
}
