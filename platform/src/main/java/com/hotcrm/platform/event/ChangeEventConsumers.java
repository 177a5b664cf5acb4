package com.hotcrm.platform.event;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.platform.error.CrmException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * The change-event consumers of this service ({@link ChangeEventConsumer}s register themselves), what they
 * share (the JSON reader, retry settings, the service's {@link DeadLetters}, metrics), and what an admin
 * does with their dead letters: list them, and replay one through the consumer that parked it.
 */
@ApplicationScoped
public class ChangeEventConsumers {

    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Instance<DeadLetters> deadLetters;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Map<String, ChangeEventConsumer> byName = new ConcurrentHashMap<>();

    ChangeEventConsumers(ObjectMapper json, MeterRegistry registry, Instance<DeadLetters> deadLetters,
            @ConfigProperty(name = "hotcrm.consumers.max-attempts") int maxAttempts,
            @ConfigProperty(name = "hotcrm.consumers.initial-backoff") Duration initialBackoff,
            @ConfigProperty(name = "hotcrm.consumers.max-backoff") Duration maxBackoff) {
        this.json = json;
        this.registry = registry;
        this.deadLetters = deadLetters;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** Parked events of this service's consumers not replayed yet, oldest first. */
    public Uni<List<DeadLetters.Parked>> deadLetters(int limit) {
        if (limit < 1 || limit > 500) {
            throw CrmException.validation("limit", "limit must be between 1 and 500");
        }
        return deadLetters().list(limit);
    }

    /**
     * Runs the parked event {@code id} through the consumer that parked it, once, now; on success it is
     * marked replayed and leaves the list. 404 for an unknown or already replayed id; 409 with the error when
     * it still fails (it stays parked).
     */
    public Uni<DeadLetters.Parked> replay(long id) {
        DeadLetters store = deadLetters();
        return store.find(id).flatMap(found -> {
            DeadLetters.Parked letter = found.orElseThrow(
                    () -> CrmException.notFound("No dead letter " + id + " waiting: list them with GET on this path's parent"));
            ChangeEventConsumer consumer = byName.get(letter.consumer());
            if (consumer == null) {
                throw CrmException.notFound("Dead letter " + id + " belongs to consumer " + letter.consumer()
                        + ", which this service does not run");
            }
            return consumer.replay(letter.payload())
                    .flatMap(done -> store.markReplayed(id))
                    .replaceWith(letter);
        });
    }

    /** Each consumer's lag in seconds, by name. */
    public Map<String, Double> lagSeconds() {
        Map<String, Double> lags = new TreeMap<>();
        byName.forEach((name, consumer) -> lags.put(name, consumer.lagSeconds()));
        return lags;
    }

    void register(ChangeEventConsumer consumer) {
        if (byName.putIfAbsent(consumer.name(), consumer) != null && byName.get(consumer.name()) != consumer) {
            throw new IllegalStateException("Two change-event consumers are named " + consumer.name());
        }
        Gauge.builder("hotcrm.consumer.lag.seconds", consumer, ChangeEventConsumer::lagSeconds)
                .description("Age of the event the consumer is working on, or how late the last one was handled")
                .tag("consumer", consumer.name()).register(registry);
    }

    Counter counter(String metric, String description, String consumer) {
        return Counter.builder(metric).description(description).tag("consumer", consumer).register(registry);
    }

    /** The payload as a change event; IllegalArgumentException saying why when it is not one. */
    public ChangeEvent parse(String payload) {
        if (payload == null || payload.isBlank()) {
            throw new IllegalArgumentException("empty message");
        }
        ChangeEvent event;
        try {
            event = json.readValue(payload, ChangeEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a change event: " + e.getOriginalMessage());
        }
        if (event == null || event.id() == null || event.type() == null || event.data() == null
                || event.data().object() == null) {
            throw new IllegalArgumentException("not a change event: id, type and data.object are required");
        }
        return event;
    }

    DeadLetters deadLetters() {
        if (!deadLetters.isResolvable()) {
            throw new IllegalStateException("This service runs change-event consumers but provides no DeadLetters bean");
        }
        return deadLetters.get();
    }

    int maxAttempts() {
        return maxAttempts;
    }

    Duration initialBackoff() {
        return initialBackoff;
    }

    Duration maxBackoff() {
        return maxBackoff;
    }
}
