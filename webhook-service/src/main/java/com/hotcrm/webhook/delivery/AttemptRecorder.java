package com.hotcrm.webhook.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.platform.error.DatabaseFailures;
import com.hotcrm.webhook.config.WebhookConfig;
import com.hotcrm.webhook.repository.DeliveryRepository;
import com.hotcrm.webhook.repository.DeliveryRepository.Claimed;
import com.hotcrm.webhook.repository.DeliveryRepository.Outcome;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Writes attempt outcomes in groups: an outcome that comes while a write runs waits for the next one, which
 * takes everything queued (up to {@value #MAX_BATCH}) in one transaction: one statement for the deliveries and
 * their attempt log, then each endpoint's failing streak (cleared by a success, started by a failure, the
 * endpoint disabled after 410 Gone or after {@code disable-after} of failures only). At one delivery per
 * transaction a busy endpoint got about 70 deliveries/s; grouped, the cost per delivery falls as the rate rises.
 */
@ApplicationScoped
public class AttemptRecorder {

    static final int MAX_BATCH = 500;

    /** One outcome to write, and who waits for it. */
    private record Entry(Claimed claimed, Outcome outcome, boolean gone, CompletableFuture<Boolean> written) {
    }

    private final DeliveryRepository deliveries;
    private final Duration disableAfter;
    private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    public AttemptRecorder(DeliveryRepository deliveries, WebhookConfig config) {
        this.deliveries = deliveries;
        this.disableAfter = config.delivery().disableAfter();
    }

    /**
     * Records one attempt; the item is true once it is written, false when the claim was lost (its lease ran
     * out and another worker took the delivery), and nothing was written for it. {@code gone}: the endpoint
     * answered 410 and is disabled.
     */
    public Uni<Boolean> record(Claimed claimed, Outcome outcome, boolean gone) {
        Entry entry = new Entry(claimed, outcome, gone, new CompletableFuture<>());
        queue.add(entry);
        writeNext();
        return Uni.createFrom().completionStage(entry.written());
    }

    private void writeNext() {
        while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
            List<Entry> batch = new ArrayList<>();
            for (Entry e; batch.size() < MAX_BATCH && (e = queue.poll()) != null;) {
                batch.add(e);
            }
            if (batch.isEmpty()) {
                writing.set(false);
                continue;
            }
            write(batch)
                    // a deadlock or collision with another replica's group: the same group again, soon
                    .onFailure(f -> DatabaseFailures.classify(f).isPresent()).retry()
                    .withBackOff(Duration.ofMillis(50), Duration.ofSeconds(1)).atMost(3)
                    .subscribe().with(recorded -> {
                        batch.forEach(e -> e.written().complete(recorded.contains(key(e))));
                        writing.set(false);
                        writeNext();
                    }, failure -> {
                        batch.forEach(e -> e.written().completeExceptionally(failure));
                        writing.set(false);
                        writeNext();
                    });
            return;
        }
    }

    private Uni<Set<String>> write(List<Entry> batch) {
        List<Claimed> claimed = batch.stream().map(Entry::claimed).toList();
        List<Outcome> outcomes = batch.stream().map(Entry::outcome).toList();
        return deliveries.pool().withTransaction(tx -> deliveries.recordAttempts(tx, claimed, outcomes)
                .flatMap(recorded -> endpointStreaks(tx, batch, recorded).replaceWith(recorded)));
    }

    private static String key(Entry e) {
        return DeliveryRepository.claimKey(e.claimed().id(), e.claimed().claimToken());
    }

    /**
     * Each endpoint's state after the batch's recorded outcomes, in the order they were attempted; endpoints
     * in id order, so two replicas' groups lock endpoint rows in the same order and never deadlock.
     */
    private Uni<Void> endpointStreaks(SqlClient tx, List<Entry> batch, Set<String> recorded) {
        Map<String, List<Entry>> byEndpoint = new TreeMap<>();
        batch.stream().filter(e -> recorded.contains(key(e)))
                .sorted((a, b) -> a.outcome().attemptedAt().compareTo(b.outcome().attemptedAt()))
                .forEach(e -> byEndpoint.computeIfAbsent(e.claimed().endpointId(), k -> new ArrayList<>()).add(e));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<Entry>> endpoint : byEndpoint.entrySet()) {
            String id = endpoint.getKey();
            List<Entry> entries = endpoint.getValue();
            if (entries.stream().anyMatch(e -> succeeded(e.outcome()))) {
                chain = chain.flatMap(v -> deliveries.endpointSucceeded(tx, id));
            }
            Entry gone = entries.stream().filter(Entry::gone).findFirst().orElse(null);
            if (gone != null) {
                chain = chain.flatMap(v -> deliveries.disableEndpoint(tx, id, "The endpoint answered 410 Gone at "
                        + format(gone.outcome().attemptedAt()) + "; enable it again to resume deliveries"));
                continue;
            }
            // the failures after the last success: the streak they start or continue
            List<Entry> failures = new ArrayList<>();
            for (Entry e : entries) {
                if (succeeded(e.outcome())) {
                    failures.clear();
                } else {
                    failures.add(e);
                }
            }
            if (failures.isEmpty()) {
                continue;
            }
            Outcome first = failures.get(0).outcome();
            Outcome last = failures.get(failures.size() - 1).outcome();
            chain = chain.flatMap(v -> deliveries.endpointFailed(tx, id, first.attemptedAt()).flatMap(since -> {
                if (since.plus(disableAfter).isAfter(last.attemptedAt())) {
                    return Uni.createFrom().voidItem();
                }
                return deliveries.disableEndpoint(tx, id, "Every delivery attempt failed since " + format(since) + " ("
                        + describe(disableAfter) + " or more); the last: " + last.error()
                        + ". Enable it again to resume deliveries");
            }));
        }
        return chain;
    }

    private static boolean succeeded(Outcome outcome) {
        return "succeeded".equals(outcome.status());
    }

    private static String format(OffsetDateTime time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.withNano(0));
    }

    private static String describe(Duration duration) {
        return duration.toDays() >= 1 ? duration.toDays() + " days" : duration.toHours() >= 1 ? duration.toHours() + " hours"
                : duration.toSeconds() + " seconds";
    }
}
