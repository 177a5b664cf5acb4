package com.hotcrm.webhook.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.hotcrm.data.db.ChangeListener;
import com.hotcrm.webhook.config.WebhookConfig;
import com.hotcrm.webhook.repository.EndpointRepository;
import com.hotcrm.webhook.repository.EndpointRepository.Subscription;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * This replica's copy of the active webhooks, by object and event, so the fan-out knows without a query
 * that nobody subscribes to a change (most changes, in a bulk load of an object no webhook watches). Loaded at
 * start; reloaded when {@code webhook.endpoint} changes in a way that decides what matches: a trigger
 * announces it with NOTIFY on {@value #CHANNEL} whichever replica made it, and this LISTENs (reconnecting by
 * itself, and reloading after each reconnect in case it missed one). A replica that cannot LISTEN (reading a
 * hot standby, where NOTIFY never arrives) still converges: every {@code registry-poll-interval} it compares
 * {@link EndpointRepository#activeFingerprint} with the one it loaded and reloads when they differ. The
 * replica that made a change reloads before answering, so its own next event already sees it.
 */
@ApplicationScoped
public class ActiveWebhooks {

    /** The channel the endpoint table's trigger (migration V6) notifies. */
    public static final String CHANNEL = "hotcrm_webhook_endpoints";

    private static final Logger LOG = Logger.getLogger(ActiveWebhooks.class);

    /** What was loaded: subscriptions by object, then by event, and the fingerprint of the rows they came from. */
    private record Snapshot(Map<String, Map<String, List<Subscription>>> byObject, Set<String> ids, String fingerprint,
            int count) {
    }

    private final EndpointRepository endpoints;
    private final Vertx vertx;
    private final ChangeListener listener;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();
    private volatile Snapshot snapshot;
    private volatile long applied;

    @Inject
    ActiveWebhooks(EndpointRepository endpoints, Vertx vertx, WebhookConfig config, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this(endpoints, vertx, config.registryPollInterval(), registry, url, user, password.orElse(""));
    }

    /** Another replica's registry, for tests: LISTENing at {@code url}, polling every {@code pollInterval} (0: never). */
    ActiveWebhooks(EndpointRepository endpoints, Vertx vertx, Duration pollInterval, MeterRegistry registry, String url,
            String user, String password) {
        this.endpoints = endpoints;
        this.vertx = vertx;
        this.listener = new ChangeListener(vertx, url, user, password, CHANNEL, "webhook changes", pollInterval,
                this::reloadQuietly, this::poll);
        Gauge.builder("hotcrm.webhook.registry.active", this, a -> a.snapshot == null ? Double.NaN : a.snapshot.count())
                .description("Active webhooks this replica holds in memory for the fan-out").register(registry);
        Gauge.builder("hotcrm.webhook.registry.reloads", reloads, AtomicLong::get)
                .description("Times this replica reloaded the active webhooks").register(registry);
    }

    void start(@Observes StartupEvent event) {
        listener.start();
        try {
            refresh().await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOG.warnf("Active webhooks not loaded at start (the fan-out loads them before its first event): %s",
                    e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        listener.stop();
    }

    /** How many times this replica reloaded. */
    long reloads() {
        return reloads.get();
    }

    /** Whether the active webhooks are loaded, so {@link #matching} answers without I/O. */
    public boolean isLoaded() {
        return snapshot != null;
    }

    /** Whether an active webhook subscribes to this object and event; true while not loaded (it cannot say). */
    public boolean anyMatch(String object, String event) {
        Snapshot current = snapshot;
        return current == null || !find(current, object, event).isEmpty();
    }

    /** Whether the webhook is active as far as this replica knows; true while not loaded (it cannot say). */
    public boolean isActive(String endpointId) {
        Snapshot current = snapshot;
        return current == null || current.ids().contains(endpointId);
    }

    /** The active webhooks subscribed to this object and event; loads them first if they are not loaded yet. */
    public Uni<List<Subscription>> matching(String object, String event) {
        Snapshot current = snapshot;
        if (current != null) {
            return Uni.createFrom().item(find(current, object, event));
        }
        return refresh().map(v -> find(snapshot, object, event));
    }

    /**
     * Loads the active webhooks now. Loads may overlap: one started later read a newer state, so an older
     * one finishing after it is dropped.
     */
    public Uni<Void> refresh() {
        return Uni.createFrom().deferred(() -> {
            long generation = started.incrementAndGet();
            // the fingerprint first: a change made while loading then shows up at the next poll
            return endpoints.activeFingerprint().flatMap(fingerprint -> endpoints.active().map(rows -> {
                Map<String, Map<String, List<Subscription>>> byObject = new HashMap<>();
                rows.forEach(row -> row.events().forEach(e -> byObject.computeIfAbsent(row.object(), o -> new HashMap<>())
                        .computeIfAbsent(e, x -> new ArrayList<>()).add(new Subscription(row.id(), row.ownerId()))));
                Set<String> ids = rows.stream().map(row -> row.id()).collect(Collectors.toUnmodifiableSet());
                return new Snapshot(byObject, ids, fingerprint, rows.size());
            })).invoke(loaded -> {
                synchronized (this) {
                    if (generation > applied) {
                        applied = generation;
                        snapshot = loaded;
                        reloads.incrementAndGet();
                    }
                }
            }).replaceWithVoid();
        });
    }

    private void reloadQuietly() {
        refresh().subscribe().with(ok -> {
        }, failure -> LOG.warnf("Could not reload the active webhooks: %s", failure.getMessage()));
    }

    private void poll() {
        endpoints.activeFingerprint().subscribe().with(fingerprint -> {
            Snapshot current = snapshot;
            if (current == null || !current.fingerprint().equals(fingerprint)) {
                LOG.debug("Webhooks changed without an announcement reaching this replica: reloading");
                reloadQuietly();
            }
        }, failure -> LOG.debugf("Could not compare the webhooks' fingerprint: %s", failure.getMessage()));
    }

    private static List<Subscription> find(Snapshot snapshot, String object, String event) {
        Map<String, List<Subscription>> byEvent = snapshot.byObject().get(object);
        if (byEvent == null) {
            return List.of();
        }
        return byEvent.getOrDefault(event, List.of());
    }
}
