package com.hotcrm.auth.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.auth.domain.OutboxEvent;
import com.hotcrm.auth.domain.User;
import com.hotcrm.platform.event.ChangeEvent;

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

    private final ObjectMapper json;

    UserEvents(ObjectMapper json) {
        this.json = json;
    }

    /** Call inside the transaction that changed the user. */
    public Uni<Void> changed(ChangeEvent.Kind kind, User user, Map<String, Object> view, List<String> changed, String actorId) {
        ChangeEvent event = ChangeEvent.of(SOURCE, kind, "User", user.id, view, changed, actorId, Instant.now());
        OutboxEvent row = new OutboxEvent();
        row.eventId = UUID.fromString(event.id());
        row.topic = ChangeEvent.USER_TOPIC;
        row.eventKey = KEY;
        try {
            row.payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("User event not serializable", e));
        }
        return row.persist().replaceWithVoid();
    }
}
