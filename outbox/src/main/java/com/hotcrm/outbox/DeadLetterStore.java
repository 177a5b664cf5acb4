package com.hotcrm.outbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.hotcrm.platform.event.DeadLetters;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL of one service's dead-letter table ({@code <schema>.dead_letter}: id, consumer, topic, event_key,
 * event_id, payload text (the message as it arrived, even when it is not JSON; a NUL, which text cannot hold,
 * as U+FFFD), error, attempts,
 * first_failed_at, parked_at, replayed_at; this module's db/dead-letter/beforeMigrate__dead_letter.sql): the change events a consumer
 * gave up on, kept for an admin to read and replay. A service's {@link DeadLetters} bean is this store over
 * its pool.
 */
public final class DeadLetterStore implements DeadLetters {

    private static final String COLUMNS = "id, consumer, topic, event_key, event_id, payload, error, attempts, "
            + "first_failed_at, parked_at";

    private final String table;
    private final SqlClient client;

    /**
     * @param table  the schema-qualified table, e.g. {@code crm.dead_letter} (a constant, never input)
     * @param client the service's pool
     */
    public DeadLetterStore(String table, SqlClient client) {
        this.table = table;
        this.client = client;
    }

    @Override
    public Uni<Void> park(DeadLetter letter) {
        return client.preparedQuery("INSERT INTO " + table + " (consumer, topic, event_key, event_id, payload, error, "
                + "attempts, first_failed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.tuple().addValue(letter.consumer()).addValue(letter.topic()).addValue(storable(letter.key()))
                        .addValue(storable(letter.eventId())).addValue(storable(letter.payload()))
                        .addValue(storable(letter.error()))
                        .addValue(letter.attempts()).addValue(at(letter.firstFailedAt())))
                .replaceWithVoid();
    }

    @Override
    public Uni<List<Parked>> list(int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM " + table
                + " WHERE replayed_at IS NULL ORDER BY id LIMIT $1")
                .execute(Tuple.of(limit))
                .map(DeadLetterStore::parked);
    }

    @Override
    public Uni<Optional<Parked>> find(long id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM " + table + " WHERE id = $1 AND replayed_at IS NULL")
                .execute(Tuple.of(id))
                .map(rows -> parked(rows).stream().findFirst());
    }

    @Override
    public Uni<Boolean> markReplayed(long id) {
        return client.preparedQuery("UPDATE " + table + " SET replayed_at = now() WHERE id = $1 AND replayed_at IS NULL")
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    private static List<Parked> parked(RowSet<Row> rows) {
        List<Parked> letters = new ArrayList<>();
        for (Row row : rows) {
            letters.add(new Parked(row.getLong("id"), row.getString("consumer"), row.getString("topic"),
                    row.getString("event_key"), row.getString("event_id"), row.getString("payload"),
                    row.getString("error"), row.getInteger("attempts"), instant(row.getOffsetDateTime("first_failed_at")),
                    instant(row.getOffsetDateTime("parked_at"))));
        }
        return letters;
    }

    /**
     * The text as a PostgreSQL text column takes it: a NUL character (which Kafka carries and the column
     * refuses, SQLSTATE 22021) becomes U+FFFD, as bytes that are not UTF-8 already did when the message was
     * read. Without this, a message with a NUL could never be parked and would hold its partition forever.
     */
    static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    private static OffsetDateTime at(Instant instant) {
        return (instant == null ? Instant.now() : instant).atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
