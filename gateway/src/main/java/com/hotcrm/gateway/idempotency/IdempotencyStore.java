package com.hotcrm.gateway.idempotency;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * The first answers to requests sent with an {@code Idempotency-Key}, in PostgreSQL ({@code gateway.idempotency_key},
 * one row per caller and key) so that every gateway replica, and a gateway restarted, agree on them.
 * <p>
 * A row is <em>claimed</em> (no answer yet, {@code locked_until} set) by the request that forwards the call, then
 * <em>completed</em> with the answer, or deleted when the call never reached the service. A claim whose gateway
 * died before completing it may be taken over by a retry with the same body once {@code locked_until} has passed
 * (the lease outlasts the gateway's response timeout); a row past {@code expires_at} is as good as absent, and
 * pruned.
 * <p>
 * The table is made on first use, not by a Flyway migration: the gateway starts and proxies without PostgreSQL
 * (only requests with a key need it), and it holds no JDBC driver.
 */
@ApplicationScoped
public class IdempotencyStore {

    /** A stored answer. */
    public record Answer(int status, JsonObject headers, Buffer body) {
    }

    /** What a claim found. */
    public sealed interface Claim {
        /** Its name in the metric {@code hotcrm_gateway_idempotency_total}. */
        String outcome();
    }

    /**
     * This request owns the key: forward it, then {@link #complete} or {@link #release} with this {@code token}. A
     * retry that took the key over after the lease has a token of its own, so the first one's late answer or release
     * changes nothing.
     */
    public record Claimed(UUID token) implements Claim {
        public String outcome() {
            return "claimed";
        }
    }

    /** The key's first request is still running (or its gateway died less than a lease ago). */
    public record Running() implements Claim {
        public String outcome() {
            return "running";
        }
    }

    /** The key was used for a different request (method, path, query or body). */
    public record Mismatch() implements Claim {
        public String outcome() {
            return "mismatch";
        }
    }

    /** The key's first request was answered: this is the answer. */
    public record Replay(Answer answer) implements Claim {
        public String outcome() {
            return "replayed";
        }
    }

    static final String SCHEMA = """
            DO $$
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtext('hotcrm.gateway.idempotency.schema'));
                IF to_regclass('gateway.idempotency_key') IS NULL THEN
                    CREATE SCHEMA IF NOT EXISTS gateway;
                    CREATE TABLE gateway.idempotency_key (
                        caller       text        NOT NULL,
                        key          text        NOT NULL,
                        fingerprint  bytea       NOT NULL,
                        created_at   timestamptz NOT NULL DEFAULT now(),
                        expires_at   timestamptz NOT NULL,
                        locked_until timestamptz,
                        status       integer,
                        headers      jsonb,
                        body         bytea,
                        PRIMARY KEY (caller, key)
                    );
                    CREATE INDEX idempotency_key_expires_idx ON gateway.idempotency_key (expires_at);
                END IF;
                -- which claim holds the key (made before it existed: added once)
                IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'gateway'
                        AND table_name = 'idempotency_key' AND column_name = 'claim') THEN
                    ALTER TABLE gateway.idempotency_key ADD COLUMN claim uuid;
                END IF;
            END
            $$""";

    /**
     * Takes the key if it is free, expired, or held by a dead claim of the same request; answers true only then.
     * An answer already stored, a live claim, or another request's key stays as it is.
     */
    static final String CLAIM = """
            INSERT INTO gateway.idempotency_key AS k (caller, key, fingerprint, expires_at, locked_until, claim)
            VALUES ($1, $2, $3, now() + make_interval(secs => $4), now() + make_interval(secs => $5), $6)
            ON CONFLICT (caller, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, created_at = now(),
                expires_at = EXCLUDED.expires_at, locked_until = EXCLUDED.locked_until, status = NULL, headers = NULL,
                body = NULL, claim = EXCLUDED.claim
            WHERE k.expires_at < now()
               OR (k.status IS NULL AND k.locked_until < now() AND k.fingerprint = EXCLUDED.fingerprint)
            RETURNING true AS claimed""";

    private final Pool pool;
    private volatile Future<Void> schema;

    public IdempotencyStore(Pool pool) {
        this.pool = pool;
    }

    /** Makes the table once per gateway (again after a failure: PostgreSQL may come back). */
    Future<Void> schema() {
        Future<Void> made = schema;
        if (made == null || made.failed()) {
            synchronized (this) {
                made = schema;
                if (made == null || made.failed()) {
                    made = pool.query(SCHEMA).execute().<Void>mapEmpty();
                    schema = made;
                }
            }
        }
        return made;
    }

    /**
     * Claims {@code key} for {@code caller}'s request of this {@code fingerprint}, or says what holds it.
     *
     * @param keep  how long the answer is kept
     * @param lease how long a claim holds without an answer before a retry may take it over
     */
    public Future<Claim> claim(String caller, String key, byte[] fingerprint, Duration keep, Duration lease) {
        UUID token = UUID.randomUUID();
        return schema().compose(made -> pool.preparedQuery(CLAIM)
                .execute(Tuple.of(caller, key, Buffer.buffer(fingerprint), (double) keep.toSeconds(),
                        (double) lease.toMillis() / 1000, token))
                .compose(claimed -> claimed.size() == 1 ? Future.succeededFuture(new Claimed(token))
                        : pool.preparedQuery("SELECT fingerprint, status, headers, body FROM gateway.idempotency_key "
                                + "WHERE caller = $1 AND key = $2").execute(Tuple.of(caller, key)).map(rows -> {
                                    if (rows.size() == 0) {
                                        // released between the two statements: its request never ran; the
                                        // client's next retry claims it
                                        return new Running();
                                    }
                                    Row row = rows.iterator().next();
                                    if (!row.getBuffer("fingerprint").equals(Buffer.buffer(fingerprint))) {
                                        return new Mismatch();
                                    }
                                    if (row.getInteger("status") == null) {
                                        return new Running();
                                    }
                                    Object headers = row.getValue("headers");
                                    return new Replay(new Answer(row.getInteger("status"),
                                            headers instanceof JsonObject json ? json : new JsonObject(),
                                            row.getBuffer("body") == null ? Buffer.buffer() : row.getBuffer("body")));
                                })));
    }

    /** Stores the answer of a key this claim still holds (one taken over since keeps its own). */
    public Future<Void> complete(String caller, String key, UUID claim, Answer answer) {
        return pool.preparedQuery("UPDATE gateway.idempotency_key SET status = $4, headers = $5, body = $6, "
                + "locked_until = NULL WHERE caller = $1 AND key = $2 AND claim = $3 AND status IS NULL")
                .execute(Tuple.of(caller, key, claim, answer.status(), answer.headers(), answer.body())).mapEmpty();
    }

    /** Frees a key this claim still holds, whose request never reached the service: a retry runs it. */
    public Future<Void> release(String caller, String key, UUID claim) {
        return pool.preparedQuery("DELETE FROM gateway.idempotency_key WHERE caller = $1 AND key = $2 AND claim = $3 "
                + "AND status IS NULL")
                .execute(Tuple.of(caller, key, claim)).mapEmpty();
    }

    /** Deletes up to {@code max} expired keys; answers how many. */
    public Future<Integer> prune(int max) {
        return schema().compose(made -> pool.preparedQuery("DELETE FROM gateway.idempotency_key WHERE ctid = ANY(ARRAY("
                + "SELECT ctid FROM gateway.idempotency_key WHERE expires_at < now() LIMIT $1))")
                .execute(Tuple.of(max)).map(rows -> rows.rowCount()));
    }
}
