package com.hotcrm.records.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.platform.event.ChangeEvent;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** SQL of the change-event outbox ({@code crm.outbox}). */
@ApplicationScoped
public class OutboxRepository {

    /** One event waiting to be published. */
    public record PendingEvent(long seq, String topic, String key, String payload) {
    }

    /** Only one relay publishes at a time, so that one record's events leave in commit order. */
    static final long RELAY_LOCK = 0x686f7463726d01L;

    private final ObjectMapper json;

    public OutboxRepository(ObjectMapper json) {
        this.json = json;
    }

    /** Adds an event; call it on the connection of the transaction that changes the record. */
    public Uni<Void> append(SqlClient tx, ChangeEvent event) {
        return tx.preparedQuery("INSERT INTO crm.outbox (event_id, topic, event_key, payload) VALUES ($1::uuid, $2, $3, $4::text::json)")
                .execute(Tuple.of(event.id(), ChangeEvent.TOPIC, event.key(), payload(event)))
                .replaceWithVoid();
    }

    /** Adds many events in one statement. */
    public Uni<Void> appendAll(SqlClient tx, List<ChangeEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple tuple = Tuple.tuple();
        List<String> rows = new java.util.ArrayList<>();
        for (ChangeEvent event : events) {
            tuple.addValue(event.id()).addValue(ChangeEvent.TOPIC).addValue(event.key()).addValue(payload(event));
            int n = tuple.size();
            rows.add("($" + (n - 3) + "::uuid, $" + (n - 2) + ", $" + (n - 1) + ", $" + n + "::text::json)");
        }
        return tx.preparedQuery("INSERT INTO crm.outbox (event_id, topic, event_key, payload) VALUES " + String.join(", ", rows))
                .execute(tuple).replaceWithVoid();
    }

    /** The event as the outbox stores and the relay publishes it. */
    public String payload(ChangeEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Change event not serializable", e);
        }
    }

    /**
     * In a transaction: takes the relay lock and, if this replica got it, the oldest unsent events. Another
     * replica holding the lock means an empty list here.
     */
    public Uni<List<PendingEvent>> claimBatch(SqlClient tx, int limit) {
        return tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(RELAY_LOCK))
                .flatMap(rows -> rows.iterator().next().getBoolean("locked")
                        ? tx.preparedQuery("SELECT seq, topic, event_key, payload::text AS payload FROM crm.outbox "
                                + "WHERE sent_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE")
                                .execute(Tuple.of(limit))
                                .map(set -> {
                                    List<PendingEvent> events = new java.util.ArrayList<>();
                                    for (Row row : set) {
                                        events.add(new PendingEvent(row.getLong("seq"), row.getString("topic"),
                                                row.getString("event_key"), row.getString("payload")));
                                    }
                                    return events;
                                })
                        : Uni.createFrom().item(List.of()));
    }

    public Uni<Void> markSent(SqlClient tx, List<Long> seqs) {
        return tx.preparedQuery("UPDATE crm.outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL "
                + "WHERE seq = ANY($1)")
                .execute(Tuple.of(seqs.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> recordFailure(SqlClient client, List<Long> seqs, String error) {
        return client.preparedQuery("UPDATE crm.outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1)")
                .execute(Tuple.of(seqs.toArray(Long[]::new), error))
                .replaceWithVoid();
    }

    public Uni<Integer> pruneSentBefore(SqlClient client, java.time.OffsetDateTime cutoff) {
        return client.preparedQuery("DELETE FROM crm.outbox WHERE sent_at < $1")
                .execute(Tuple.of(cutoff))
                .map(io.vertx.mutiny.sqlclient.SqlResult::rowCount);
    }
}
