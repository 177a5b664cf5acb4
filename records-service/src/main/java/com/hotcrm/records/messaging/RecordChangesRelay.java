package com.hotcrm.records.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;

import com.hotcrm.outbox.OutboxRelay;
import com.hotcrm.outbox.OutboxRelay.Settings;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.records.config.RecordsConfig;
import com.hotcrm.records.repository.OutboxRepository;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Publishes records-service's outbox ({@code crm.outbox}) to {@code hotcrm.record-changes} with the shared
 * {@link OutboxRelay}: one replica at a time, in commit order, marked sent only once
 * Kafka has the events.
 */
@ApplicationScoped
public class RecordChangesRelay {

    static final String CHANNEL = "record-changes";

    private final OutboxRelay relay;

    /** The emitter is never sent to: it wires the channel, whose producer the relay uses directly. */
    public RecordChangesRelay(@Channel(CHANNEL) MutinyEmitter<String> channel, KafkaClientService kafka, Pool pool,
            OutboxRepository outbox, RecordsConfig config, Vertx vertx) {
        RecordsConfig.Outbox settings = config.outbox();
        this.relay = new OutboxRelay(kafka, CHANNEL, pool, outbox.store(), new Settings(
                settings.pollInterval(), settings.batchSize(), kept(config), ChangeEvent.CONTENT_TYPE,
                settings.publishTimeout(), settings.pruneInterval()), vertx);
    }

    /** How long sent events are kept: the outbox's own retention or the change feed's, whichever is longer. */
    static Duration kept(RecordsConfig config) {
        Duration feed = config.changes().retention();
        return feed.compareTo(config.outbox().retention()) > 0 ? feed : config.outbox().retention();
    }

    void start(@Observes StartupEvent event) {
        relay.start();
    }

    void stop(@Observes ShutdownEvent event) {
        relay.stop();
    }
}
