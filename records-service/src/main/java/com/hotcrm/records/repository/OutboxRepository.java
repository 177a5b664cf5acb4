package com.hotcrm.records.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.outbox.OutboxStore;
import com.hotcrm.platform.database.AdvisoryLocks;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.event.EventTracing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/** The change-event outbox of records-service ({@code crm.outbox}). */
@ApplicationScoped
public class OutboxRepository {

    private final ObjectMapper json;
    private final MeterRegistry metrics;
    /**
     * A sent event is pruned only once it has its change-feed position, and the pruning notes how far it went, so
     * that a cursor it passed answers 410 (ChangeFeedRepository.PRUNE).
     */
    private final OutboxStore store = new OutboxStore("crm.outbox",
            AdvisoryLocks.RECORDS_OUTBOX_RELAY.key(), ChangeFeedRepository.PRUNE);

    public OutboxRepository(ObjectMapper json, MeterRegistry metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    public OutboxStore store() {
        return store;
    }

    /** Adds an event; call it on the connection of the transaction that changes the record. */
    public Uni<Void> append(SqlClient tx, ChangeEvent event) {
        return appendAll(tx, List.of(event));
    }

    /** Adds many events in one statement. */
    public Uni<Void> appendAll(SqlClient tx, List<ChangeEvent> events) {
        return store.append(tx, events.stream().map(this::entry).toList());
    }

    /** The event as an outbox row of {@code hotcrm.record-changes}. */
    public OutboxStore.Entry entry(ChangeEvent event) {
        return new OutboxStore.Entry(event.id(), ChangeEvent.TOPIC, event.key(), payload(event));
    }

    /**
     * The event as the outbox stores and the relay publishes it, with the request's trace context
     * ({@code traceparent}); every record write makes one, so this also counts {@code hotcrm.records.written}
     * per object and kind of change.
     */
    private String payload(ChangeEvent event) {
        try {
            Counter.builder("hotcrm.records.written").description("Record changes written (with their change event)")
                    .tags("object", event.data().object(), "type", event.type())
                    .register(metrics).increment();
            return EventTracing.withCurrentTraceparent(json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Change event not serializable", e);
        }
    }
}
