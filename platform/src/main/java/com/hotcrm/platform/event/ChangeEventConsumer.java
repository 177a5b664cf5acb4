package com.hotcrm.platform.event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorCode;

import io.micrometer.core.instrument.Counter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The one base of every Kafka consumer of change events. A subclass gets a typed {@link ChangeEvent}, does
 * its one job in {@link #handle}, and leaves the rest to the base:
 * <ul>
 * <li><b>parsing</b>, once, with the services' JSON settings (decimals as {@code BigDecimal}, so 150000.50
 * keeps its scale). A payload that is not a change event is parked at once: reading the same bytes again
 * cannot give another answer.</li>
 * <li><b>skipping</b>: {@link #wants} decides from the event alone, before any I/O, whether the consumer has a
 * use for it (by object, by type).</li>
 * <li><b>retrying</b>: a {@linkplain ConsumerFailures#isTransient transient} failure (database down or
 * locked, connection refused, timeout, a 503 from another service) is retried with exponential backoff
 * (capped at {@code hotcrm.consumers.max-backoff}) without limit, and the events behind it wait, in order;
 * any other failure is retried until {@code hotcrm.consumers.max-attempts} attempts failed, then the event is
 * <b>parked</b> in the service's {@link DeadLetters} and the stream goes on.</li>
 * <li><b>acknowledgement</b>: the {@code Uni} from {@link #process} completes only once the event is handled,
 * skipped or parked, and never fails, so the connector commits the offset after the work is done and a
 * channel is never stopped by one bad event.</li>
 * <li><b>metrics</b> (tag {@code consumer}): {@code hotcrm.consumer.consumed}, {@code .skipped},
 * {@code .retried}, {@code .dead.lettered} counters and the {@code hotcrm.consumer.lag.seconds} gauge; the
 * lag also shows in {@code /q/health} ({@link ConsumerLagCheck}).</li>
 * <li><b>replay</b> of a parked event by an admin ({@link ChangeEventConsumers#replay}).</li>
 * </ul>
 *
 * <p>A consumer, complete:
 * <pre>{@code
 * @Singleton   // the base keeps this consumer's state; no client proxy
 * public class UserMirror extends ChangeEventConsumer {
 *     UserMirror(ChangeEventConsumers consumers, UserRepository users) {
 *         super("user-mirror", consumers);          // unique in the service: names the metrics and dead letters
 *         this.users = users;
 *     }
 *
 *     @Incoming("user-changes")
 *     public Uni<Void> consume(ConsumerRecord<String, String> record) {
 *         return process(record.topic(), record.key(), record.value());
 *     }
 *
 *     @Override
 *     protected boolean wants(ChangeEvent event) {
 *         return "User".equals(event.object());
 *     }
 *
 *     @Override
 *     protected Uni<Void> handle(ChangeEvent event) {
 *         return users.upsert(event.data().record());  // must be idempotent: an event may come twice
 *     }
 * }
 * }</pre>
 * The channel needs the String deserializers and {@code cloud-events=false}, and no {@code failure-strategy}
 * (nothing ever fails it). The service provides one {@link DeadLetters} bean (the outbox module's
 * {@code DeadLetterStore} over a {@code <schema>.dead_letter} table) and, for operators, the admin
 * endpoints {@code GET /v1/admin/dead-letters/<service>} and {@code POST .../{id}/replay} over
 * {@link ChangeEventConsumers} (subclass {@link DeadLetterEndpoints}). {@link #handle} bounds its own waits (statement timeouts, client timeouts):
 * an event that never completes holds its partition.
 */
public abstract class ChangeEventConsumer {

    private static final Logger LOG = Logger.getLogger(ChangeEventConsumer.class);

    private final String name;
    private final ChangeEventConsumers consumers;
    private final Counter consumed;
    private final Counter skipped;
    private final Counter retried;
    private final Counter deadLettered;
    /** Time of the event being worked on (null when idle), and the lag at which the last one was done. */
    private final AtomicReference<Instant> inFlight = new AtomicReference<>();
    private volatile Duration lastLag = Duration.ZERO;

    /**
     * @param name this consumer's name, unique within its service (e.g. {@code user-mirror}); it tags the
     *             metrics and names the consumer of each dead letter, so keep it stable
     */
    protected ChangeEventConsumer(String name, ChangeEventConsumers consumers) {
        this.name = name;
        this.consumers = consumers;
        this.consumed = consumers.counter("hotcrm.consumer.consumed", "Change events handled", name);
        this.skipped = consumers.counter("hotcrm.consumer.skipped", "Change events the consumer has no use for", name);
        this.retried = consumers.counter("hotcrm.consumer.retried", "Attempts that failed and were tried again", name);
        this.deadLettered = consumers.counter("hotcrm.consumer.dead.lettered",
                "Change events that kept failing and were parked as dead letters", name);
        consumers.register(this);
    }

    public final String name() {
        return name;
    }

    /** Whether this consumer has a use for the event; decided from the event alone, without I/O. */
    protected boolean wants(ChangeEvent event) {
        return true;
    }

    /** Does this consumer's one job. Must be idempotent: after a failure or a rebalance an event comes again. */
    protected abstract Uni<Void> handle(ChangeEvent event);

    /**
     * Handles the wanted events of one batch, in their order: by default one {@link #handle} after another.
     * A consumer overrides it to do a batch's work in a few statements; it must be idempotent like
     * {@link #handle} (a failed batch is handled again event by event, and a rebalance brings events again).
     */
    protected Uni<Void> handleBatch(List<ChangeEvent> events) {
        return Multi.createFrom().iterable(events).onItem().transformToUniAndConcatenate(this::handle)
                .collect().last().replaceWithVoid();
    }

    /** A Kafka record as {@link #processBatch} takes it: topic, key and value. */
    public record Consumed(String topic, String key, String payload) {
    }

    /**
     * Handles one Kafka record end to end; call it from the subclass's {@code @Incoming} method. Completes
     * once the event is handled, skipped or parked; never fails.
     */
    protected final Uni<Void> process(String topic, String key, String payload) {
        ChangeEvent event;
        try {
            event = consumers.parse(payload);
        } catch (IllegalArgumentException e) {
            return unreadable(topic, key, payload, e);
        }
        if (!wants(event)) {
            skipped.increment();
            lastLag = lagOf(event.time());
            return Uni.createFrom().voidItem();
        }
        inFlight.set(event.time() == null ? Instant.now() : event.time());
        return handleOne(topic, key, payload, event)
                .eventually(() -> {
                    lastLag = lagOf(event.time());
                    inFlight.set(null);
                });
    }

    /**
     * Handles a batch of Kafka records (a channel in batch mode) end to end, in order; completes once every
     * event of it is handled, skipped or parked, and never fails, so the batch is acknowledged after its work
     * is done. Unreadable records are parked; events {@link #wants} declines cost nothing more; the others go
     * to {@link #handleBatch} together. A transient failure of the batch is retried as a whole like one of
     * {@link #handle}; any other failure hands the batch to {@link #handle} event by event, each with the usual
     * retries, so only a poison event is parked and its neighbours are not (a poison event is thus tried once
     * more than {@code hotcrm.consumers.max-attempts}: once in its batch).
     */
    protected final Uni<Void> processBatch(List<Consumed> batch) {
        List<ChangeEvent> wanted = new ArrayList<>(batch.size());
        List<Consumed> wantedRecords = new ArrayList<>(batch.size());
        List<Uni<Void>> unreadable = new ArrayList<>();
        Instant last = null;
        for (Consumed record : batch) {
            ChangeEvent event;
            try {
                event = consumers.parse(record.payload());
            } catch (IllegalArgumentException e) {
                unreadable.add(Uni.createFrom().deferred(() -> unreadable(record.topic(), record.key(), record.payload(), e)));
                continue;
            }
            last = event.time() == null ? last : event.time();
            if (!wants(event)) {
                skipped.increment();
                continue;
            }
            wanted.add(event);
            wantedRecords.add(record);
        }
        Instant lastTime = last;
        Uni<Void> parked = unreadable.isEmpty() ? Uni.createFrom().voidItem()
                : Multi.createFrom().iterable(unreadable).onItem().transformToUniAndConcatenate(u -> u).collect().last()
                        .replaceWithVoid();
        if (wanted.isEmpty()) {
            return parked.invoke(() -> lastLag = lagOf(lastTime));
        }
        Instant first = wanted.get(0).time();
        return parked.chain(() -> {
            inFlight.set(first == null ? Instant.now() : first);
            return Uni.createFrom().deferred(() -> handleBatch(wanted))
                    .onFailure(ConsumerFailures::isTransient).invoke(failure -> {
                        retried.increment();
                        LOG.warnf("Consumer %s: a batch of %d events failed (transient), trying again: %s", name,
                                wanted.size(), describe(failure));
                    })
                    .onFailure(ConsumerFailures::isTransient).retry()
                    .withBackOff(consumers.initialBackoff(), consumers.maxBackoff()).indefinitely()
                    .onItem().invoke(() -> consumed.increment(wanted.size()))
                    .onFailure().recoverWithUni(failure -> {
                        LOG.warnf("Consumer %s: a batch of %d events failed, handling them one by one: %s", name,
                                wanted.size(), describe(failure));
                        return Multi.createFrom().range(0, wanted.size()).onItem()
                                .transformToUniAndConcatenate(i -> handleOne(wantedRecords.get(i).topic(),
                                        wantedRecords.get(i).key(), wantedRecords.get(i).payload(), wanted.get(i)))
                                .collect().last().replaceWithVoid();
                    })
                    .eventually(() -> {
                        lastLag = lagOf(lastTime);
                        inFlight.set(null);
                    });
        });
    }

    private Uni<Void> unreadable(String topic, String key, String payload, IllegalArgumentException e) {
        LOG.errorf("Consumer %s: a message on %s (key %s) cannot be read: %s", name, topic, key, e.getMessage());
        return park(new DeadLetters.DeadLetter(name, topic, key, null, payload, e.getMessage(), 1, Instant.now()));
    }

    /** {@link #handle} with the retries, then parking. */
    private Uni<Void> handleOne(String topic, String key, String payload, ChangeEvent event) {
        AtomicInteger deterministicFailures = new AtomicInteger();
        AtomicReference<Instant> firstFailedAt = new AtomicReference<>();
        AtomicBoolean tryAgain = new AtomicBoolean();
        int maxAttempts = consumers.maxAttempts();
        return Uni.createFrom().deferred(() -> handle(event))
                .onFailure().invoke(failure -> {
                    firstFailedAt.compareAndSet(null, Instant.now());
                    boolean isTransient = ConsumerFailures.isTransient(failure);
                    int failures = isTransient ? deterministicFailures.get() : deterministicFailures.incrementAndGet();
                    tryAgain.set(isTransient || failures < maxAttempts);
                    if (tryAgain.get()) {
                        retried.increment();
                        LOG.warnf("Consumer %s: event %s failed (%s), trying again: %s", name, event.id(),
                                isTransient ? "transient" : "attempt " + failures + " of " + maxAttempts, describe(failure));
                    }
                })
                .onFailure(failure -> tryAgain.get()).retry()
                .withBackOff(consumers.initialBackoff(), consumers.maxBackoff()).indefinitely()
                .onItem().invoke(() -> consumed.increment())
                .onFailure().recoverWithUni(failure -> park(new DeadLetters.DeadLetter(name, topic, key, event.id(), payload,
                        describe(failure), deterministicFailures.get(), firstFailedAt.get())));
    }

    /**
     * Runs {@link #handle} once on a parked event's payload, now (an admin's replay). A deterministic failure
     * is a 409 carrying the error; a transient one is answered as the platform maps it (503 for the database).
     */
    final Uni<Void> replay(String payload) {
        ChangeEvent event;
        try {
            event = consumers.parse(payload);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new CrmException(ErrorCode.REFERENCE_ERROR,
                    "The parked message is not a change event and cannot be replayed: " + e.getMessage()));
        }
        if (!wants(event)) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> handle(event))
                .onItem().invoke(() -> consumed.increment())
                .onFailure(failure -> !ConsumerFailures.isTransient(failure) && !(failure instanceof CrmException))
                .transform(failure -> new CrmException(ErrorCode.REFERENCE_ERROR,
                        "The event still fails and stays parked: " + describe(failure)));
    }

    /** How far behind this consumer is: the age of the event it is stuck on, or the lag of the last one done. */
    final double lagSeconds() {
        Instant current = inFlight.get();
        return (current == null ? lastLag : lagOf(current)).toMillis() / 1000.0;
    }

    private Uni<Void> park(DeadLetters.DeadLetter letter) {
        return Uni.createFrom().deferred(() -> consumers.deadLetters().park(letter))
                .onFailure().invoke(e -> LOG.errorf("Consumer %s: could not park event %s yet, trying again: %s", name,
                        letter.eventId(), describe(e)))
                .onFailure().retry().withBackOff(consumers.initialBackoff(), consumers.maxBackoff()).indefinitely()
                .onItem().invoke(() -> {
                    deadLettered.increment();
                    LOG.errorf("Consumer %s: parked %s (topic %s, key %s) as a dead letter after %d failed attempts: %s",
                            name, letter.eventId() == null ? "a message" : "event " + letter.eventId(), letter.topic(),
                            letter.key(), letter.attempts(), letter.error());
                });
    }

    private static Duration lagOf(Instant eventTime) {
        if (eventTime == null) {
            return Duration.ZERO;
        }
        Duration lag = Duration.between(eventTime, Instant.now());
        return lag.isNegative() ? Duration.ZERO : lag;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
