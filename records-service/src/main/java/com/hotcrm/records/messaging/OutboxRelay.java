package com.hotcrm.records.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.records.config.RecordsConfig;
import com.hotcrm.records.repository.OutboxRepository;
import com.hotcrm.records.repository.OutboxRepository.PendingEvent;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Publishes the outbox to Kafka: takes the oldest unsent events, sends them (acks=all, idempotent
 * producer) and marks them sent in the same transaction that claimed them. If Kafka is down the
 * transaction rolls back and the events wait; nothing committed is lost, and nothing is marked sent before
 * the broker has it. Replicas share one advisory lock, so one of them relays at a time and each record's
 * events leave in the order they were committed.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final byte[] CLOUDEVENTS_JSON = ChangeEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

    private final MutinyEmitter<String> emitter;
    private final Pool pool;
    private final OutboxRepository outbox;
    private final RecordsConfig.Outbox config;
    private final Vertx vertx;
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile boolean running;
    private volatile long timerId = -1;
    private long failures;
    private long nextPruneAt;

    public OutboxRelay(@Channel("record-changes") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
            MutinyEmitter<String> emitter, Pool pool, OutboxRepository outbox, RecordsConfig config, Vertx vertx) {
        this.emitter = emitter;
        this.pool = pool;
        this.outbox = outbox;
        this.config = config.outbox();
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        schedule(Duration.ZERO);
    }

    void stop(@Observes ShutdownEvent event) {
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
                    schedule(published >= config.batchSize() ? Duration.ZERO : config.pollInterval());
                },
                failure -> {
                    failures++;
                    lastError.set(failure.getMessage());
                    LOG.warnf("Outbox relay could not publish (attempt %d): %s", failures, failure.getMessage());
                    schedule(backoff());
                }));
    }

    /** One round: publishes up to a batch of events and says how many went out. */
    Uni<Integer> relayOnce() {
        return pool.withTransaction(tx -> outbox.claimBatch(tx, config.batchSize())
                .flatMap(events -> events.isEmpty()
                        ? Uni.createFrom().item(0)
                        : publish(events)
                                .onFailure().call(e -> outbox.recordFailure(pool, seqs(events), e.getMessage())
                                        .onFailure().recoverWithNull())
                                .flatMap(v -> outbox.markSent(tx, seqs(events)))
                                .replaceWith(events.size())))
                .call(this::pruneNow);
    }

    private Uni<Void> publish(List<PendingEvent> events) {
        List<Uni<Void>> sends = events.stream().map(this::send).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid()
                .ifNoItem().after(PUBLISH_TIMEOUT).failWith(() -> new IllegalStateException(
                        "Kafka did not acknowledge " + events.size() + " events within " + PUBLISH_TIMEOUT.toSeconds() + " s"));
    }

    private Uni<Void> send(PendingEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CLOUDEVENTS_JSON);
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
        return outbox.pruneSentBefore(pool, OffsetDateTime.now().minus(config.retention()))
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

    private static List<Long> seqs(List<PendingEvent> events) {
        return events.stream().map(PendingEvent::seq).toList();
    }
}
