package com.hotcrm.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Publishes an outbox to Kafka: takes the oldest unsent events, sends them (the emitter's channel should
 * be acks=all and idempotent) and marks them sent in the same transaction that claimed them. If Kafka is
 * down the transaction rolls back and the events wait; nothing committed is lost, and nothing is marked
 * sent before the broker has it. Replicas share one advisory lock, so one of them relays at a time and
 * events leave in the order they were committed. A service creates one and calls {@link #start()} and
 * {@link #stop()} from its start-up and shut-down events.
 */
public final class OutboxRelay {

    /** How often to look when idle, how many events per round trip, how long sent events are kept. */
    public record Settings(Duration pollInterval, int batchSize, Duration retention, String contentType) {
    }

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final MutinyEmitter<String> emitter;
    private final Pool pool;
    private final OutboxStore outbox;
    private final Settings settings;
    private final byte[] contentType;
    private final Vertx vertx;
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile boolean running;
    private volatile long timerId = -1;
    private long failures;
    private long nextPruneAt;

    public OutboxRelay(MutinyEmitter<String> emitter, Pool pool, OutboxStore outbox, Settings settings, Vertx vertx) {
        this.emitter = emitter;
        this.pool = pool;
        this.outbox = outbox;
        this.settings = settings;
        this.contentType = settings.contentType().getBytes(StandardCharsets.UTF_8);
        this.vertx = vertx;
    }

    public void start() {
        running = true;
        schedule(Duration.ZERO);
    }

    public void stop() {
        running = false;
        vertx.cancelTimer(timerId);
    }

    /** The last publishing failure, or null when the last round went through. */
    public String lastError() {
        return lastError.get();
    }

    private void schedule(Duration delay) {
        if (!running) {
            return;
        }
        timerId = vertx.setTimer(Math.max(1, delay.toMillis()), id -> relayOnce().subscribe().with(
                published -> {
                    failures = 0;
                    lastError.set(null);
                    schedule(published >= settings.batchSize() ? Duration.ZERO : settings.pollInterval());
                },
                failure -> {
                    failures++;
                    lastError.set(failure.getMessage());
                    LOG.warnf("Outbox relay could not publish (attempt %d): %s", failures, failure.getMessage());
                    schedule(backoff());
                }));
    }

    /** One round: publishes up to a batch of events and says how many went out. */
    public Uni<Integer> relayOnce() {
        return pool.withTransaction(tx -> outbox.claimBatch(tx, settings.batchSize())
                .flatMap(events -> events.isEmpty()
                        ? Uni.createFrom().item(0)
                        : publish(events)
                                .onFailure().call(e -> outbox.recordFailure(pool, seqs(events), e.getMessage())
                                        .onFailure().recoverWithNull())
                                .flatMap(v -> outbox.markSent(tx, seqs(events)))
                                .replaceWith(events.size())))
                .call(this::pruneNow);
    }

    private Uni<Void> publish(List<OutboxStore.PendingEvent> events) {
        List<Uni<Void>> sends = events.stream().map(this::send).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid()
                .ifNoItem().after(PUBLISH_TIMEOUT).failWith(() -> new IllegalStateException(
                        "Kafka did not acknowledge " + events.size() + " events within " + PUBLISH_TIMEOUT.toSeconds() + " s"));
    }

    private Uni<Void> send(OutboxStore.PendingEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", contentType);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic())
                .withKey(event.key())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(event.payload()).addMetadata(metadata));
    }

    private Uni<Void> pruneNow(Integer ignored) {
        long now = System.currentTimeMillis();
        if (now < nextPruneAt) {
            return Uni.createFrom().voidItem();
        }
        nextPruneAt = now + PRUNE_EVERY.toMillis();
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
