package com.hotcrm.webhook.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.hotcrm.webhook.config.WebhookConfig;
import com.hotcrm.webhook.repository.DeliveryRepository;
import com.hotcrm.webhook.repository.DeliveryRepository.Claimed;
import com.hotcrm.webhook.repository.DeliveryRepository.Outcome;
import com.hotcrm.webhook.service.ActiveWebhooks;
import com.hotcrm.webhook.service.SigningSecrets;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Sends due deliveries. Each round claims what it has room for ({@code FOR UPDATE SKIP LOCKED} with a
 * lease, so replicas share the work and a dead worker's rows come back), sends each with
 * {@link WebhookSender}, and records the attempt: any 2xx succeeds; 410 Gone gives up and disables the
 * endpoint; anything else is retried after the next wait of the schedule (with jitter) until the schedule
 * is spent; an endpoint whose attempts all failed for {@code disable-after} is disabled, saying why.
 * Being sent at once: {@code max-per-endpoint} per endpoint. A claim takes up to twice that per endpoint, so
 * the next delivery waits here, claimed, and takes a slot the moment one frees (no claim query between one
 * delivery and the next); {@code max-concurrency} bounds what a replica holds in all, sending or waiting. Rounds
 * take endpoints in turn, so slow endpoints cannot hold every slot and healthy ones keep their pace.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(5);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final Duration PREVIOUS_SECRET_GRACE = Duration.ofHours(24);

    private final DeliveryRepository deliveries;
    private final WebhookSender sender;
    private final AttemptRecorder recorder;
    private final SigningSecrets secrets;
    private final DeliveryMetrics metrics;
    private final WebhookConfig.Delivery config;
    private final Vertx vertx;
    private final Duration lease;
    private final long sendableFor;
    private final ActiveWebhooks webhooks;
    /** Per endpoint here, the deliveries being sent and those claimed waiting for a slot; absent when none. */
    private final Map<String, EndpointQueue> endpoints = new HashMap<>();
    /** Deliveries claimed here and not yet recorded, sending or waiting (guarded by {@link #endpoints}). */
    private int held;
    private final AtomicBoolean claiming = new AtomicBoolean();
    /** A wake that came while a claim ran: claim again as soon as it is done. */
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean running;
    private volatile boolean backlog;
    private long timerId = -1;
    private long housekeepingTimer = -1;
    private long nextPruneAt;

    public DeliveryWorker(DeliveryRepository deliveries, WebhookSender sender, AttemptRecorder recorder, ActiveWebhooks webhooks, SigningSecrets secrets,
            DeliveryMetrics metrics, WebhookConfig config, Vertx vertx) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.recorder = recorder;
        this.webhooks = webhooks;
        this.secrets = secrets;
        this.metrics = metrics;
        this.config = config.delivery();
        this.vertx = vertx;
        // a claimed delivery may wait for one attempt ahead of it, then take its own
        this.lease = this.config.timeout().multipliedBy(2).plusSeconds(10);
        // what a waiting delivery's lease must still have when it is sent: its attempt (timeout + 2 s) and 8 s
        this.sendableFor = lease.minus(this.config.timeout()).minusSeconds(10).toNanos();
    }

    /** An endpoint's deliveries here. */
    private static final class EndpointQueue {
        int sending;
        final Deque<Waiting> waiting = new ArrayDeque<>();
    }

    /** A claimed delivery waiting for a slot, and when it was claimed (its lease runs from then). */
    private record Waiting(Claimed claimed, long claimedAt) {
    }

    /** The secret rotated away keeps signing for this long, beside the new one. */
    public static Duration previousSecretGrace() {
        return PREVIOUS_SECRET_GRACE;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        schedule(Duration.ZERO);
        housekeepingTimer = vertx.setPeriodic(HOUSEKEEPING_EVERY.toMillis(), id -> housekeeping());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        synchronized (this) {
            vertx.cancelTimer(timerId);
        }
        vertx.cancelTimer(housekeepingTimer);
        // claimed but never sent: back to the queue now rather than when their lease runs out
        List<Claimed> waiting = new ArrayList<>();
        synchronized (endpoints) {
            endpoints.values().forEach(queue -> {
                queue.waiting.forEach(w -> waiting.add(w.claimed()));
                held -= queue.waiting.size();
                queue.waiting.clear();
            });
        }
        waiting.forEach(this::release);
    }

    /** New work was written: look at once rather than at the next poll. */
    public void wake() {
        schedule(Duration.ZERO);
    }

    private synchronized void schedule(Duration delay) {
        if (!running) {
            return;
        }
        if (timerId != -1) {
            vertx.cancelTimer(timerId);
        }
        timerId = vertx.setTimer(Math.max(1, delay.toMillis()), id -> round());
    }

    private void round() {
        if (!running) {
            return;
        }
        if (!claiming.compareAndSet(false, true)) {
            // a slot freed while a claim runs: claim again right after it, not at the next poll
            again.set(true);
            return;
        }
        again.set(false);
        int free;
        Map<String, Integer> busy = new HashMap<>();
        synchronized (endpoints) {
            free = config.maxConcurrency() - held;
            endpoints.forEach((id, queue) -> busy.put(id, queue.sending + queue.waiting.size()));
        }
        if (free <= 0) {
            claiming.set(false);
            schedule(config.pollInterval());
            return;
        }
        deliveries.claim(free, lease, busy, 2 * config.maxPerEndpoint()).subscribe().with(claimed -> {
            backlog = claimed.size() >= free;
            accept(claimed);
            claiming.set(false);
            schedule(backlog || again.getAndSet(false) ? Duration.ZERO : config.pollInterval());
        }, failure -> {
            claiming.set(false);
            LOG.warnf("Could not claim webhook deliveries: %s", failure.getMessage());
            schedule(config.pollInterval().multipliedBy(4));
        });
    }

    /** Sends what has a free slot at its endpoint; the rest waits there for the next slot. */
    private void accept(List<Claimed> claimed) {
        if (!running) {
            claimed.forEach(this::release); // claimed as the service stopped
            return;
        }
        List<Claimed> now = new ArrayList<>();
        long claimedAt = System.nanoTime();
        synchronized (endpoints) {
            for (Claimed c : claimed) {
                EndpointQueue queue = endpoints.computeIfAbsent(c.endpointId(), id -> new EndpointQueue());
                held++;
                if (queue.sending < config.maxPerEndpoint()) {
                    queue.sending++;
                    now.add(c);
                } else {
                    queue.waiting.add(new Waiting(c, claimedAt));
                }
            }
        }
        now.forEach(this::send);
    }

    private void send(Claimed claimed) {
        attempt(claimed)
                .onFailure().invoke(e -> LOG.errorf("Webhook delivery %s: could not record its attempt: %s", claimed.id(),
                        e.getMessage()))
                .subscribe().with(open -> finished(claimed, open), e -> finished(claimed, true));
    }

    /**
     * The slot passes to the endpoint's next claimed delivery at once, and a claim tops the endpoint up: one
     * endpoint's stream runs at max-per-endpoint in flight with no claim between one delivery and the next.
     */
    private void finished(Claimed claimed, boolean endpointOpen) {
        Claimed next = null;
        List<Claimed> giveBack = new ArrayList<>();
        long now = System.nanoTime();
        // a waiting delivery is sent only with time left on its lease for a whole attempt and its recording,
        // and only to a webhook still active (disabled by this attempt's 410 or failing streak, or by its
        // owner meanwhile): the others go back to the queue, where their turn comes again in order
        boolean active = endpointOpen && webhooks.isActive(claimed.endpointId());
        synchronized (endpoints) {
            held--;
            EndpointQueue queue = endpoints.get(claimed.endpointId());
            for (Waiting w; next == null && (w = queue.waiting.poll()) != null;) {
                held--;
                if (active && now - w.claimedAt() <= sendableFor) {
                    held++;
                    next = w.claimed();
                } else {
                    giveBack.add(w.claimed());
                }
            }
            if (next == null && --queue.sending == 0) {
                endpoints.remove(claimed.endpointId());
            }
        }
        giveBack.forEach(this::release);
        if (next != null) {
            send(next);
        }
        wake();
    }

    private void release(Claimed claimed) {
        deliveries.release(claimed).subscribe().with(v -> { }, e -> { });
    }

    /**
     * Sends a claimed delivery once and records what came of it; false when the endpoint is closed to more
     * deliveries now (it answered 410 Gone).
     */
    Uni<Boolean> attempt(Claimed claimed) {
        OffsetDateTime attemptedAt = OffsetDateTime.now(ZoneOffset.UTC);
        if (claimed.attempts() == 0 && claimed.occurredAt() != null) {
            metrics.firstAttemptLag(Duration.between(claimed.occurredAt(), attemptedAt));
        }
        Map<String, String> headers;
        try {
            headers = signedHeaders(claimed, attemptedAt);
        } catch (RuntimeException e) {
            return record(claimed, attemptedAt, new WebhookSender.Result(null, Duration.ZERO, e.getMessage()));
        }
        return sender.send(claimed.url(), headers, claimed.payload())
                .flatMap(result -> record(claimed, attemptedAt, result));
    }

    private Map<String, String> signedHeaders(Claimed claimed, OffsetDateTime at) {
        List<byte[]> keys = new ArrayList<>();
        keys.add(SigningSecrets.signingKey(secrets.decrypt(claimed.secret())));
        if (claimed.previousSecret() != null && claimed.previousSecretExpiresAt() != null
                && claimed.previousSecretExpiresAt().isAfter(at)) {
            keys.add(SigningSecrets.signingKey(secrets.decrypt(claimed.previousSecret())));
        }
        long timestamp = at.toEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", claimed.eventId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", Signature.header(keys, claimed.eventId(), timestamp, claimed.payload()));
        return headers;
    }

    private Uni<Boolean> record(Claimed claimed, OffsetDateTime at, WebhookSender.Result result) {
        metrics.attemptLatency(result.latency());
        int attemptNumber = claimed.attempts() + 1;
        Integer code = result.statusCode();
        String error = result.succeeded() ? null : result.error() != null ? result.error() : "HTTP " + code;
        boolean gone = code != null && code == 410;
        List<Duration> schedule = config.retrySchedule();
        String status;
        OffsetDateTime next = null;
        if (result.succeeded()) {
            status = "succeeded";
        } else if (gone || attemptNumber > schedule.size()) {
            status = "failed";
        } else {
            status = "pending";
            next = at.plus(withJitter(schedule.get(attemptNumber - 1)));
        }
        Outcome outcome = new Outcome(at, code, (int) Math.min(Integer.MAX_VALUE, result.latency().toMillis()), error,
                status, next);
        return recorder.record(claimed, outcome, gone).invoke(recorded -> {
            if (!recorded) {
                LOG.infof("Webhook delivery %s: its lease ran out during the attempt; another worker has it", claimed.id());
                return;
            }
            switch (status) {
                case "succeeded" -> metrics.succeeded();
                case "failed" -> {
                    metrics.failed();
                    LOG.infof("Webhook delivery %s to endpoint %s failed for good after %d attempts: %s", claimed.id(),
                            claimed.endpointId(), attemptNumber, error);
                }
                default -> metrics.retried();
            }
        }).replaceWith(!gone);
    }

    private Duration withJitter(Duration wait) {
        double spread = config.jitter();
        double factor = 1 + (spread <= 0 ? 0 : ThreadLocalRandom.current().nextDouble(-spread, spread));
        return Duration.ofMillis(Math.max(1, Math.round(wait.toMillis() * factor)));
    }

    private void housekeeping() {
        deliveries.pendingCount().subscribe().with(metrics::queueDepth, e -> { });
        long now = System.currentTimeMillis();
        if (now >= nextPruneAt) {
            nextPruneAt = now + PRUNE_EVERY.toMillis();
            deliveries.pruneFinishedBefore(OffsetDateTime.now().minus(config.retention())).subscribe().with(n -> {
                if (n > 0) {
                    LOG.infof("Pruned %d finished webhook deliveries", n);
                }
            }, e -> { });
        }
    }
}
