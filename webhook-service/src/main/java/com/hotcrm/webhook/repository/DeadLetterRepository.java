package com.hotcrm.webhook.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.hotcrm.outbox.DeadLetterStore;
import com.hotcrm.platform.event.DeadLetters;

import io.vertx.mutiny.sqlclient.Pool;

/** The dead letters of webhook-service's consumer: {@code webhook.dead_letter}, the outbox module's table and store. */
@ApplicationScoped
public class DeadLetterRepository {

    @Produces
    @Singleton
    DeadLetters deadLetters(Pool pool) {
        return new DeadLetterStore("webhook.dead_letter", pool);
    }
}
