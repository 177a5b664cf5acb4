package com.hotcrm.records.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.hotcrm.records.config.RecordsConfig;
import com.hotcrm.records.repository.ChangeFeedRepository;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

/**
 * Gives committed outbox rows their change-feed position ({@link ChangeFeedRepository#sequence}), every
 * {@code hotcrm.records.changes.sequence-interval} and at once after a full batch. One replica does it at a time
 * (an advisory lock); the others find the lock taken and wait for their next turn. Independent of Kafka: the feed
 * goes on while the broker is down. A failure (the database away) is logged once per outage and retried with a
 * backoff of up to 5 s; nothing is lost, the rows wait unnumbered.
 */
@ApplicationScoped
public class ChangeSequencer {

    private static final Logger LOG = Logger.getLogger(ChangeSequencer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final ChangeFeedRepository feed;
    private final Vertx vertx;
    private final Duration interval;
    private final int batch;
    private volatile boolean running;
    private volatile long timerId = -1;
    private int failures;

    public ChangeSequencer(ChangeFeedRepository feed, Vertx vertx, RecordsConfig config) {
        this.feed = feed;
        this.vertx = vertx;
        this.interval = config.changes().sequenceInterval();
        this.batch = config.changes().sequenceBatch();
    }

    void start(@Observes StartupEvent event) {
        running = true;
        schedule(Duration.ZERO);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        vertx.cancelTimer(timerId);
    }

    private void schedule(Duration delay) {
        if (!running) {
            return;
        }
        timerId = vertx.setTimer(Math.max(1, delay.toMillis()), id -> feed.sequence(batch).subscribe().with(
                numbered -> {
                    if (failures > 0) {
                        LOG.infof("Change feed sequencer running again after %d failed rounds", failures);
                        failures = 0;
                    }
                    schedule(numbered >= batch ? Duration.ZERO : interval);
                },
                failure -> {
                    if (failures++ == 0) {
                        LOG.warnf("Change feed sequencer could not number new changes (retrying): %s", failure.getMessage());
                    }
                    schedule(Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), interval.toMillis() << Math.min(failures, 5))));
                }));
    }
}
