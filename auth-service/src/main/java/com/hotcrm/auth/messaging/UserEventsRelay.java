package com.hotcrm.auth.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;

import com.hotcrm.auth.config.AuthConfig;
import com.hotcrm.outbox.OutboxRelay;
import com.hotcrm.platform.event.ChangeEvent;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/** Publishes {@code auth.outbox} to {@code hotcrm.user-changes} with the shared outbox relay. */
@ApplicationScoped
public class UserEventsRelay {

    static final String CHANNEL = "user-changes";

    private final OutboxRelay relay;

    /** The emitter is never sent to: it wires the channel, whose producer the relay uses directly. */
    UserEventsRelay(@Channel(CHANNEL) MutinyEmitter<String> channel, KafkaClientService kafka, Pool pool, Vertx vertx,
            AuthConfig config) {
        this.relay = new OutboxRelay(kafka, CHANNEL, pool, UserEvents.OUTBOX, new OutboxRelay.Settings(
                config.outbox().pollInterval(), 200, Duration.ofDays(7), ChangeEvent.CONTENT_TYPE,
                config.outbox().publishTimeout()), vertx);
    }

    void start(@Observes StartupEvent event) {
        relay.start();
    }

    void stop(@Observes ShutdownEvent event) {
        relay.stop();
    }
}
