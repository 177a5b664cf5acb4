package com.hotcrm.records.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.hotcrm.outbox.DeadLetterStore;
import com.hotcrm.platform.event.DeadLetters;

import io.vertx.mutiny.sqlclient.Pool;

/** The dead letters of records-service's consumers: {@code crm.dead_letter}, the outbox module's table and store. */
@ApplicationScoped
public class DeadLetterRepository {

    @Produces
    @Singleton
    DeadLetters deadLetters(Pool pool) {
        return new DeadLetterStore("crm.dead_letter", pool);
    }
}
