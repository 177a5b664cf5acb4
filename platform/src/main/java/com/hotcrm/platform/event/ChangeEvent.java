package com.hotcrm.platform.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A record change as it travels on {@value #TOPIC}: a CloudEvents 1.0 event in structured JSON mode.
 * {@code id} is unique per event (receivers deduplicate on it), {@code subject} is the record id, and the
 * Kafka key is {@link #key()} so that one record's events stay in order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeEvent(String specversion, String id, String source, String type, String subject,
        Instant time, String datacontenttype, Data data) {

    public static final String TOPIC = "hotcrm.record-changes";
    /** auth-service's changes of users, in the same format (object User); all under one key, in order. */
    public static final String USER_TOPIC = "hotcrm.user-changes";
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    public static final String SOURCE = "/hotcrm/records-service";

    /** What changed: the object's API name, the record id, the record after the change, and who did it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
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

    public static ChangeEvent of(Kind kind, String object, String recordId, Map<String, Object> record,
            List<String> changed, String actorId, Instant time) {
        return new ChangeEvent("1.0", UUID.randomUUID().toString(), SOURCE, kind.type(), recordId, time,
                "application/json", new Data(object, recordId, record, changed, actorId));
    }

    /** The same event as sent by another service ({@code /hotcrm/<service>}). */
    public ChangeEvent withSource(String source) {
        return new ChangeEvent(specversion, id, source, type, subject, time, datacontenttype, data);
    }

    /** The Kafka key: {@code Object:Id}, so that one record's events land on one partition, in order. */
    public String key() {
        return data.object() + ":" + data.id();
    }
}
