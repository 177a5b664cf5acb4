package com.hotcrm.auth.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.auth.repository.User;
import com.hotcrm.outbox.OutboxStore;
import com.hotcrm.platform.database.AdvisoryLocks;
import com.hotcrm.platform.event.ChangeEvent;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * User changes for the rest of the suite: a change event (object {@code User}, the fields of the CRM's
 * User object, never the password) added to the outbox in the caller's transaction. All user events share
 * one Kafka key, so a manager is always mirrored before the people who report to them.
 */
@ApplicationScoped
public class UserEvents {

    public static final String SOURCE = "/hotcrm/auth-service";
    public static final String KEY = "User";
    /** auth's outbox, written here and published by {@link UserEventsRelay}. */
    static final OutboxStore OUTBOX = new OutboxStore("auth.outbox", AdvisoryLocks.AUTH_OUTBOX_RELAY.key());

    private final ObjectMapper json;

    UserEvents(ObjectMapper json) {
        this.json = json;
    }

    /** Call inside the transaction that changed the user (its Hibernate Reactive session adds the row). */
    public Uni<Void> changed(ChangeEvent.Kind kind, User user, Map<String, Object> view, List<String> changed, String actorId) {
        ChangeEvent event = ChangeEvent.of(SOURCE, kind, "User", user.id, view, changed, actorId, Instant.now());
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("User event not serializable", e));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(OUTBOX.appendOneStatement())
                .setParameter(1, event.id()).setParameter(2, ChangeEvent.USER_TOPIC).setParameter(3, KEY)
                .setParameter(4, payload).executeUpdate()).replaceWithVoid();
    }
}
