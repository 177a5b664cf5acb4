package com.hotcrm.platform.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Where a service keeps the change events its consumers gave up on (the SPI {@link ChangeEventConsumer}
 * parks into). A service with a consumer provides one bean, usually over the outbox module's
 * {@code DeadLetterStore} and a {@code <schema>.dead_letter} table of its own.
 */
public interface DeadLetters {

    /** An event to park: the raw payload exactly as it arrived, and the last error. */
    record DeadLetter(String consumer, String topic, String key, String eventId, String payload, String error,
            int attempts, Instant firstFailedAt) {
    }

    /** A parked event as an operator sees it. */
    record Parked(long id, String consumer, String topic, String key, String eventId, String payload, String error,
            int attempts, Instant firstFailedAt, Instant parkedAt) {
    }

    Uni<Void> park(DeadLetter letter);

    /** Parked events not replayed yet, oldest first. */
    Uni<List<Parked>> list(int limit);

    /** One parked event not replayed yet. */
    Uni<Optional<Parked>> find(long id);

    /** Marks the event replayed (it leaves the list); false when it was not waiting any more. */
    Uni<Boolean> markReplayed(long id);
}
