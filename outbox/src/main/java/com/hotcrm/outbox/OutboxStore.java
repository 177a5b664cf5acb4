package com.hotcrm.outbox;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL of one service's outbox table ({@code <schema>.outbox}: seq, event_id, topic, event_key, payload
 * json, created_at, sent_at, attempts, last_error, and trace_parent: the W3C trace context of the request that
 * made the change, taken from the event's CloudEvents {@code traceparent} attribute, so that the relay publishes
 * the event in that trace). The table is this module's: {@code db/outbox/beforeMigrate__outbox.sql}.
 */
public final class OutboxStore {

    /** One event to store: its id (a UUID), topic, Kafka key and JSON text. */
    public record Entry(String eventId, String topic, String key, String payload) {
    }

    /**
     * One event waiting to be published: the trace context it was written in (null if none) and when it
     * was written.
     */
    public record PendingEvent(long seq, String topic, String key, String payload, String traceParent,
            OffsetDateTime createdAt) {
    }

    private final String table;
    private final long relayLock;
    private final String prune;

    /**
     * @param table     the schema-qualified table, e.g. {@code crm.outbox} (a constant, never input)
     * @param relayLock the advisory lock id the relays of this outbox share
     */
    public OutboxStore(String table, long relayLock) {
        this(table, relayLock, "WITH gone AS (DELETE FROM " + table + " WHERE sent_at < $1 RETURNING 1) "
                + "SELECT count(*) AS n FROM gone");
    }

    /**
     * @param prune the statement that prunes sent events ({@code $1}: sent before this time) and answers how many in a
     *              column {@code n} (a constant): for an outbox read by more than the relay, such as records-service's
     *              change feed, which keeps a row until it is numbered and notes how far it pruned
     */
    public OutboxStore(String table, long relayLock, String prune) {
        this.table = table;
        this.relayLock = relayLock;
        this.prune = prune;
    }

    /** The schema-qualified table, e.g. {@code crm.outbox}. */
    public String table() {
        return table;
    }

    /** Adds events; call it on the connection of the transaction that makes the change. */
    public Uni<Void> append(SqlClient tx, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple tuple = Tuple.tuple();
        List<String> rows = new ArrayList<>();
        for (Entry entry : entries) {
            rows.add("(" + addValues(tuple, entry) + ")");
        }
        return tx.preparedQuery(insertInto() + "VALUES " + String.join(", ", rows)).execute(tuple).replaceWithVoid();
    }

    /** {@code INSERT INTO <table> (<the event's columns>) }: the one column list every form writes. */
    private String insertInto() {
        return "INSERT INTO " + table + " (event_id, topic, event_key, payload) ";
    }

    /** Adds the event's values to {@code tuple} after what it holds; their placeholders, cast as the columns need. */
    private static String addValues(Tuple tuple, Entry entry) {
        int n = tuple.size();
        tuple.addValue(entry.eventId()).addValue(entry.topic()).addValue(entry.key()).addValue(entry.payload());
        return "$" + (n + 1) + "::uuid, $" + (n + 2) + ", $" + (n + 3) + ", $" + (n + 4) + "::text::json";
    }

    /**
     * The statement that adds one event, for a transaction held by Hibernate Reactive rather than a Vert.x
     * {@link SqlClient} (auth-service's): JPA ordinal parameters {@code ?1} event id, {@code ?2} topic, {@code ?3}
     * key, {@code ?4} payload, to run as the session's native query. The same columns and casts as {@link #append}.
     */
    public String appendOneStatement() {
        // CAST, not ::, which Hibernate's parameter parser would read as part of the label
        return insertInto() + "VALUES (CAST(?1 AS uuid), ?2, ?3, CAST(CAST(?4 AS text) AS json))";
    }

    /**
     * Runs a statement that changes rows and {@code RETURNING}s them, and appends the event only if it changed one,
     * as one statement ({@code WITH w AS (<write>) INSERT INTO <outbox> ... FROM w}): the change and its event are
     * atomic even outside a transaction, and a write that matched nothing (a stale version, a deleted record)
     * leaves no event. The event's values are added to {@code tuple} after the write's own parameters.
     *
     * @return the outbox insert's result: one row changed when the write changed its row
     */
    public Uni<RowSet<Row>> appendIfWritten(SqlClient client, String write, Tuple tuple, Entry entry) {
        return client.preparedQuery("WITH w AS (" + write + ") " + insertInto() + "SELECT " + addValues(tuple, entry)
                + " FROM w").execute(tuple);
    }

    /**
     * In a transaction: takes the relay lock and, if this replica got it, the oldest unsent events. Another
     * replica holding the lock means an empty list here. The rows are not locked: the relay lock keeps
     * relays apart, and writers only ever insert.
     */
    public Uni<List<PendingEvent>> claimBatch(SqlClient tx, int limit) {
        return tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(relayLock))
                .flatMap(rows -> rows.iterator().next().getBoolean("locked")
                        ? tx.preparedQuery("SELECT seq, topic, event_key, payload::text AS payload, trace_parent, "
                                + "created_at FROM " + table
                                + " WHERE sent_at IS NULL ORDER BY seq LIMIT $1")
                                .execute(Tuple.of(limit))
                                .map(set -> {
                                    List<PendingEvent> events = new ArrayList<>();
                                    for (Row row : set) {
                                        events.add(new PendingEvent(row.getLong("seq"), row.getString("topic"),
                                                row.getString("event_key"), row.getString("payload"),
                                                row.getString("trace_parent"), row.getOffsetDateTime("created_at")));
                                    }
                                    return events;
                                })
                        : Uni.createFrom().item(List.of()));
    }

    /**
     * The rows of {@code $1} (seqs), locked in seq order, whatever plan the update gets: the order in which another
     * writer of the same rows (records-service's change-feed sequencer) takes them too, so the two never deadlock.
     */
    private String inSeqOrder() {
        return "SELECT seq FROM " + table + " WHERE seq = ANY($1) ORDER BY seq FOR UPDATE";
    }

    public Uni<Void> markSent(SqlClient tx, List<Long> seqs) {
        return tx.preparedQuery("UPDATE " + table + " SET sent_at = now(), attempts = attempts + 1, last_error = NULL "
                + "WHERE seq IN (" + inSeqOrder() + ")")
                .execute(Tuple.of(seqs.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> recordFailure(SqlClient client, List<Long> seqs, String error) {
        return client.preparedQuery("UPDATE " + table + " SET attempts = attempts + 1, last_error = $2 WHERE seq IN ("
                + inSeqOrder() + ")")
                .execute(Tuple.of(seqs.toArray(Long[]::new), error))
                .replaceWithVoid();
    }

    public Uni<Integer> pruneSentBefore(SqlClient client, OffsetDateTime cutoff) {
        return client.preparedQuery(prune).execute(Tuple.of(cutoff))
                .map(rows -> rows.iterator().next().getLong("n").intValue());
    }
}
