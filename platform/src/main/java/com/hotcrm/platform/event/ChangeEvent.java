package com.hotcrm.platform.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A record change as it travels on {@value #TOPIC}: a CloudEvents 1.0 event in structured JSON mode.
 * {@code id} is unique per event (receivers deduplicate on it), {@code source} names the service that made
 * the change ({@code /hotcrm/<service>}), {@code subject} is the record id, and the Kafka key is
 * {@link #key()} so that one record's events stay in order. Consumers read it through
 * {@link ChangeEventConsumer}, which parses it with the services' JSON settings (decimals as
 * {@link java.math.BigDecimal}, so 150000.50 keeps its scale when a consumer writes it out again); other
 * CloudEvents attributes, such as {@code traceparent}, are ignored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChangeEvent(String specversion, String id, String source, String type, String subject,
        Instant time, String datacontenttype, Data data) {

    public static final String TOPIC = "hotcrm.record-changes";
    /** auth-service's changes of users, in the same format (object User); all under one key, in order. */
    public static final String USER_TOPIC = "hotcrm.user-changes";
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    /** What changed: the object's API name, the record id, the record after the change, and who did it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String object, String id, Map<String, Object> record, List<String> changed, String actorId) {
    }

    /** The kinds of change, with their CloudEvents type names. */
    public enum Kind {
        CREATED("hotcrm.record.created"),
        UPDATED("hotcrm.record.updated"),
        DELETED("hotcrm.record.deleted");

        private final String type;

        Kind(String type) {
            this.type = type;
        }

        public String type() {
            return type;
        }
    }

    /**
     * A new event.
     *
     * @param source the producing service, {@code /hotcrm/<service>} (each producer names itself)
     */
    public static ChangeEvent of(String source, Kind kind, String object, String recordId, Map<String, Object> record,
            List<String> changed, String actorId, Instant time) {
        return new ChangeEvent("1.0", UUID.randomUUID().toString(), source, kind.type(), recordId, time,
                "application/json", new Data(object, recordId, record, changed, actorId));
    }

    /** This event's kind; empty for a type this version does not know. */
    @JsonIgnore
    public Optional<Kind> kind() {
        for (Kind kind : Kind.values()) {
            if (kind.type().equals(type)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** Whether this event deletes its record. */
    @JsonIgnore
    public boolean isDeletion() {
        return Kind.DELETED.type().equals(type);
    }

    /** The changed record's object API name, e.g. {@code Account}; null when the event has no data. */
    @JsonIgnore
    public String object() {
        return data == null ? null : data.object();
    }

    /** The Kafka key: {@code Object:Id}, so that one record's events land on one partition, in order. */
    public String key() {
        return data.object() + ":" + data.id();
    }
}
