package com.hotcrm.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Publishes an outbox to Kafka: takes the oldest unsent events, sends them (the channel's producer should
 * be acks=all and idempotent) and marks them sent in the same transaction that read them. Replicas share
 * one advisory lock, taken for that transaction, so one of them relays at a time and events leave in the
 * order they were committed; no row is locked (the lock alone keeps relays apart), so nothing waits on a
 * relay that waits on Kafka.
 *
 * <p>When Kafka does not acknowledge a round within {@link Settings#publishTimeout()}, the failure is
 * recorded on the same connection (attempts, last_error), that transaction commits and the relay backs off
 * (up to 10 s) and tries again, for as long as it takes. While failing it probes with one event a round
 * (so an outage of hours does not fill the producer's buffer with copies); the first acknowledged round
 * returns to full batches with no pause between full ones. Nothing committed is lost, and nothing is marked
 * sent before the broker has it. The sends of a round that timed out are left to settle in the producer
 * before anything is sent again, and those Kafka took late are marked sent; an event is published twice
 * only when a send settles after 2 minutes or another replica takes over meanwhile (consumers deduplicate on
 * the event id).
 *
 * <p>A service creates one and calls {@link #start()} and {@link #stop()} from its start-up and shut-down
 * events; {@code stop()} lets a round in flight finish.
 *
 * <p>The sends go straight to the channel's Kafka producer, on the producer's own sending thread: a round
 * of hundreds of events costs the event loop (which also serves requests) only the reading and marking,
 * never the producer's work or its waits for metadata or buffer space.
 *
 * <p>Each event is published in the trace of the request that wrote it: its stored {@code trace_parent} is
 * the record's {@code traceparent} header, so consumers continue that trace (no producer span is made per
 * event: at thousands of events a second it cost more than the send).
 * Metrics (Micrometer's global registry, tagged with the outbox table): {@code hotcrm.outbox.published} (per
 * object), {@code hotcrm.outbox.publish.failures}, {@code hotcrm.outbox.delay} (commit to broker ack) and
 * the gauge {@code hotcrm.outbox.lag.seconds} (how old the oldest event waiting was at the last round).
 */
public final class OutboxRelay {

    /**
     * How often to look when idle, how many events per round trip, how long sent events are kept, the
     * events' content type, and how long a round waits for Kafka's acknowledgement before it counts as
     * failed (the relay's transaction stays open that long, so keep it well under the database's
     * idle_in_transaction_session_timeout), and how often sent events past the retention are pruned.
     */
    public record Settings(Duration pollInterval, int batchSize, Duration retention, String contentType,
            Duration publishTimeout, Duration pruneEvery) {

        public Settings(Duration pollInterval, int batchSize, Duration retention, String contentType,
                Duration publishTimeout) {
            this(pollInterval, batchSize, retention, contentType, publishTimeout, DEFAULT_PRUNE_EVERY);
        }

        public Settings(Duration pollInterval, int batchSize, Duration retention, String contentType) {
            this(pollInterval, batchSize, retention, contentType, DEFAULT_PUBLISH_TIMEOUT);
        }
    }

    /** What one round did: how many events went out, or why none did. */
    private record Round(int published, Throwable failure) {
    }

    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    /** What a round says when it sent nothing because the last one's sends are still settling. */
    private static final int WAITING = -1;

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** How often sent events past the retention are pruned, unless the settings say otherwise. */
    public static final Duration DEFAULT_PRUNE_EVERY = Duration.ofHours(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(2);
    private final KafkaClientService kafka;
    private final String channel;
    private volatile KafkaProducer<String, String> producer;
    private final Pool pool;
    private final OutboxStore outbox;
    private final Settings settings;
    private final byte[] contentType;
    private final Vertx vertx;
    private volatile boolean running;
    private volatile long timerId = -1;
    private final AtomicReference<CompletableFuture<Void>> inFlight = new AtomicReference<>();
    /** The sends of the last timed-out round, settling in the producer: what Kafka took of them, once known. */
    private volatile CompletableFuture<List<Long>> unsettled;
    private final AtomicLong lagMillis = new AtomicLong();
    private final MeterRegistry registry = Metrics.globalRegistry;
    private final Counter publishFailures;
    private final Timer delay;
    private volatile long failures;
    private long nextPruneAt;

    /**
     * @param kafka   the Kafka connector's clients
     * @param channel the outgoing channel whose producer publishes (configured acks=all and idempotent; the
     *                service must wire the channel, e.g. by injecting its emitter, so that it exists)
     */
    public OutboxRelay(KafkaClientService kafka, String channel, Pool pool, OutboxStore outbox, Settings settings,
            Vertx vertx) {
        this.kafka = kafka;
        this.channel = channel;
        this.pool = pool;
        this.outbox = outbox;
        this.settings = settings;
        this.contentType = settings.contentType().getBytes(StandardCharsets.UTF_8);
        this.vertx = vertx;
        String topic = outbox.table();
        this.publishFailures = Counter.builder("hotcrm.outbox.publish.failures").tag("outbox", topic)
                .description("Relay rounds that could not publish (Kafka down or slow); the events wait")
                .register(registry);
        this.delay = Timer.builder("hotcrm.outbox.delay").tag("outbox", topic)
                .description("From an event's commit to the broker's acknowledgement")
                .register(registry);
        registry.gauge("hotcrm.outbox.lag.seconds", Tags.of("outbox", topic), lagMillis, v -> v.get() / 1000.0);
    }

    public void start() {
        running = true;
        schedule(Duration.ZERO);
    }

    /** Stops relaying; waits (at most 15 s) for a round in flight, so that its events are marked sent. */
    public void stop() {
        running = false;
        vertx.cancelTimer(timerId);
        CompletableFuture<Void> round = inFlight.get();
        if (round != null) {
            try {
                round.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("Outbox relay stopped before its last round finished: %s", e.toString());
            }
        }
    }

    private void schedule(Duration delay) {
        if (!running) {
            return;
        }
        timerId = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            if (!running) {
                return;
            }
            CompletableFuture<Void> round = new CompletableFuture<>();
            inFlight.set(round);
            relayOnce().subscribe().with(
                    published -> {
                        if (published != WAITING) {
                            failures = 0;
                        }
                        round.complete(null);
                        schedule(published >= settings.batchSize() ? Duration.ZERO : settings.pollInterval());
                    },
                    failure -> {
                        failures++;
                        publishFailures.increment();
                        LOG.warnf("Outbox relay could not publish (attempt %d): %s", failures, failure.getMessage());
                        round.complete(null);
                        schedule(backoff());
                    });
        });
    }

    /**
     * One round: publishes up to a batch of events (one while Kafka is failing) and says how many went out
     * ({@link #WAITING} when it did not start).
     * Fails, after its transaction committed the failure's record, when Kafka did not take them. While the
     * sends of a timed-out round are still in the producer's hands, no new round starts (re-sending them
     * would only make copies); the ones Kafka acknowledged late are then marked sent.
     */
    Uni<Integer> relayOnce() {
        CompletableFuture<List<Long>> late = unsettled;
        if (late != null && !late.isDone()) {
            return Uni.createFrom().item(WAITING);
        }
        unsettled = null;
        List<Long> acknowledgedLate = late == null ? List.of() : late.join();
        int limit = failures > 0 ? 1 : settings.batchSize();
        return pool.withTransaction(tx -> (acknowledgedLate.isEmpty() ? Uni.createFrom().voidItem()
                : outbox.markSent(tx, acknowledgedLate))
                .flatMap(marked -> outbox.claimBatch(tx, limit))
                .invoke(this::measureLag)
                .flatMap(events -> {
                    if (events.isEmpty()) {
                        return Uni.createFrom().item(new Round(0, null));
                    }
                    List<Long> seqs = seqs(events);
                    return publish(events)
                            .flatMap(v -> outbox.markSent(tx, seqs))
                            .invoke(() -> published(events))
                            .replaceWith(new Round(events.size(), null))
                            // recorded on this connection and committed with it: never a second connection
                            // waiting on rows this transaction holds
                            .onFailure().recoverWithUni(e -> outbox.recordFailure(tx, seqs, String.valueOf(e.getMessage()))
                                    .replaceWith(new Round(0, e)));
                }))
                .call(this::pruneNow)
                .flatMap(round -> round.failure() == null ? Uni.createFrom().item(round.published())
                        : Uni.createFrom().failure(round.failure()));
    }

    /**
     * Sends the events and waits for every acknowledgement, at most the publish timeout. Past it, the sends
     * are left to settle in the producer (its own delivery timeout bounds them) and {@link #unsettled} will
     * say which of them Kafka took after all.
     */
    private Uni<Void> publish(List<OutboxStore.PendingEvent> events) {
        List<CompletableFuture<Void>> sends = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            sends.add(new CompletableFuture<>());
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
        Duration timeout = settings.publishTimeout();
        // the acknowledgements come on Kafka's thread, the timeout on Mutiny's: the round goes on where it ran
        io.vertx.core.Context round = io.vertx.core.Vertx.currentContext();
        java.util.function.Consumer<Producer<String, String>> handOver = kafkaProducer -> sendAll(kafkaProducer, events, sends);
        return producer().runOnSendingThread(handOver)
                .flatMap(handedOver -> Uni.createFrom().completionStage(all.copy()))
                .ifNoItem().after(timeout).failWith(() -> new IllegalStateException(
                        "Kafka did not acknowledge " + events.size() + " events within " + timeout.toMillis() + " ms"))
                .onFailure().invoke(e -> unsettled = settled(events, sends))
                .emitOn(round == null ? Runnable::run : command -> round.runOnContext(v -> command.run()));
    }

    /** On the producer's sending thread: hands every event to the producer, each send completing its future. */
    private void sendAll(Producer<String, String> kafkaProducer, List<OutboxStore.PendingEvent> events,
            List<CompletableFuture<Void>> sends) {
        for (int i = 0; i < events.size(); i++) {
            CompletableFuture<Void> sent = sends.get(i);
            try {
                kafkaProducer.send(record(events.get(i)), (metadata, failure) -> {
                    if (failure == null) {
                        sent.complete(null);
                    } else {
                        sent.completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException e) {
                // no metadata or no buffer space within max.block.ms: this one and the rest fail now
                for (int j = i; j < sends.size(); j++) {
                    sends.get(j).completeExceptionally(e);
                }
                return;
            }
        }
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            current = kafka.getProducer(channel);
            if (current == null) {
                throw new IllegalStateException("No Kafka producer for channel " + channel);
            }
            producer = current;
        }
        return current;
    }

    /** The seqs of the sends Kafka acknowledged, once every send has succeeded or failed (or 2 minutes passed). */
    private static CompletableFuture<List<Long>> settled(List<OutboxStore.PendingEvent> events,
            List<CompletableFuture<Void>> sends) {
        CompletableFuture<?>[] outcomes = sends.stream().map(f -> f.handle((ok, failed) -> null))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(outcomes)
                .thenApply(done -> {
                    List<Long> acknowledged = new ArrayList<>();
                    for (int i = 0; i < sends.size(); i++) {
                        if (!sends.get(i).isCompletedExceptionally()) {
                            acknowledged.add(events.get(i).seq());
                        }
                    }
                    return (List<Long>) acknowledged;
                })
                .completeOnTimeout(List.of(), SETTLE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ProducerRecord<String, String> record(OutboxStore.PendingEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", contentType);
        if (event.traceParent() != null) {
            headers.add("traceparent", event.traceParent().getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(event.topic(), null, event.key(), event.payload(), headers);
    }

    private void measureLag(List<OutboxStore.PendingEvent> events) {
        OffsetDateTime oldest = events.isEmpty() ? null : events.get(0).createdAt();
        lagMillis.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest, OffsetDateTime.now()).toMillis()));
    }

    private void published(List<OutboxStore.PendingEvent> events) {
        OffsetDateTime now = OffsetDateTime.now();
        Map<List<String>, Integer> perTopicAndObject = new HashMap<>();
        for (OutboxStore.PendingEvent event : events) {
            perTopicAndObject.merge(List.of(event.topic(), objectOf(event.key())), 1, Integer::sum);
            if (event.createdAt() != null) {
                delay.record(Duration.between(event.createdAt(), now));
            }
        }
        perTopicAndObject.forEach((topicAndObject, n) -> Counter.builder("hotcrm.outbox.published")
                .description("Events published to Kafka")
                .tags("topic", topicAndObject.get(0), "object", topicAndObject.get(1))
                .register(registry).increment(n));
    }

    /** The object of an {@code Object:Id} key; one bounded value for keys of another form. */
    private static String objectOf(String key) {
        int colon = key == null ? -1 : key.indexOf(':');
        return colon > 0 ? key.substring(0, colon) : "none";
    }

    private Uni<Void> pruneNow(Round ignored) {
        long now = System.currentTimeMillis();
        if (now < nextPruneAt) {
            return Uni.createFrom().voidItem();
        }
        nextPruneAt = now + settings.pruneEvery().toMillis();
        return outbox.pruneSentBefore(pool, OffsetDateTime.now().minus(settings.retention()))
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Pruned %d published outbox events", n);
                    }
                })
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Duration backoff() {
        long millis = Math.min(MAX_BACKOFF.toMillis(), 200L << Math.min(failures, 10));
        return Duration.ofMillis(millis);
    }

    private static List<Long> seqs(List<OutboxStore.PendingEvent> events) {
        return events.stream().map(OutboxStore.PendingEvent::seq).toList();
    }
}
