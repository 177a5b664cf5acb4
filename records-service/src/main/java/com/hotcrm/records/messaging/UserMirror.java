package com.hotcrm.records.messaging;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.event.ChangeEventConsumer;
import com.hotcrm.platform.event.ChangeEventConsumers;
import com.hotcrm.records.repository.UserRepository;

import io.smallrye.mutiny.Uni;

/**
 * Keeps the CRM's read-only User object ({@code crm."user"}) equal to auth-service's users, from the user
 * changes on {@value ChangeEvent#USER_TOPIC} (all under one key, so in order: a manager before their
 * reports). No change is ever dropped: a database outage is waited out, and a change that keeps failing
 * (say, a manager that was never mirrored) is parked in {@code crm.dead_letter} for an admin to replay,
 * while {@link com.hotcrm.records.service.UserResync} repairs whatever drifted meanwhile.
 */
@Singleton
public class UserMirror extends ChangeEventConsumer {

    static final String USER = "User";

    private final UserRepository users;

    UserMirror(ChangeEventConsumers consumers, UserRepository users) {
        super("user-mirror", consumers);
        this.users = users;
    }

    @Incoming("user-changes")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return process(record.topic(), record.key(), record.value());
    }

    @Override
    protected boolean wants(ChangeEvent event) {
        return USER.equals(event.object());
    }

    @Override
    protected Uni<Void> handle(ChangeEvent event) {
        if (event.data().record() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("A user change without the user"));
        }
        return users.upsert(event.data().record(), event.data().actorId()).replaceWithVoid();
    }
}
