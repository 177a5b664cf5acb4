package com.hotcrm.webhook.messaging;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.webhook.delivery.DeliveryWorker;
import com.hotcrm.webhook.repository.DeliveryRepository;
import com.hotcrm.webhook.repository.DeliveryRepository.NewDelivery;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.hotcrm.webhook.repository.EndpointRepository;
import com.hotcrm.webhook.service.DeliveryAudience;
import com.hotcrm.webhook.service.DeliveryAudience.Copy;
import com.hotcrm.webhook.service.WebhookEvents;

import io.smallrye.mutiny.Uni;

/**
 * Turns each record change on {@value ChangeEvent#TOPIC} into one delivery row per matching subscription
 * (object and event type) whose owner may see the record now, holding what that owner may see of it
 * ({@link DeliveryAudience}); the webhooks of an owner found inactive are disabled instead. The method's Uni completes only once the rows are committed, and only then is
 * the message acknowledged and its offset eligible for commit: a crash at any point leaves the event to be
 * consumed again, and the rows' key (endpoint, event id) makes that harmless. A database outage is waited
 * out (retried with backoff, never acknowledged meanwhile); only an event that is not a record change at
 * all is skipped.
 */
@ApplicationScoped
public class RecordChangeConsumer {

    private static final Logger LOG = Logger.getLogger(RecordChangeConsumer.class);

    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final DeliveryWorker worker;
    private final DeliveryAudience audience;
    private final ObjectMapper json;

    public RecordChangeConsumer(EndpointRepository endpoints, DeliveryRepository deliveries, DeliveryWorker worker,
            DeliveryAudience audience, ObjectMapper json) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.audience = audience;
        this.worker = worker;
        this.json = json;
    }

    @Incoming("record-changes")
    public Uni<Void> consume(String payload) {
        JsonNode event;
        try {
            // the record's decimals go out as they came in (150000.50 keeps its scale)
            event = json.reader().without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).readTree(payload);
        } catch (Exception e) {
            LOG.errorf("Skipping a record change that is not JSON: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        String eventId = event.path("id").asText("");
        String type = WebhookEvents.fromEventType(event.path("type").asText(""));
        JsonNode data = event.path("data");
        String object = data.path("object").asText("");
        if (eventId.isEmpty() || type == null || object.isEmpty()) {
            LOG.warnf("Skipping event %s: not a record change (%s)", eventId, event.path("type").asText(""));
            return Uni.createFrom().voidItem();
        }
        String recordId = data.path("id").asText(event.path("subject").asText(""));
        ObjectNode record = data.path("record").isObject() ? (ObjectNode) data.get("record") : json.createObjectNode();
        ArrayNode changed = data.path("changed").isArray() ? (ArrayNode) data.get("changed") : null;
        return endpoints.matching(object, type)
                .flatMap(matching -> matching.isEmpty() ? Uni.createFrom().item(0)
                        : audience.fanOut(object, type, recordId, record, changed, matching)
                                .call(fanout -> fanout.inactiveOwners().isEmpty() ? Uni.createFrom().voidItem()
                                        : endpoints.disableOwnedBy(fanout.inactiveOwners(), DeliveryAudience.OWNER_INACTIVE)
                                                .invoke(n -> LOG.infof("Disabled %d webhooks of inactive owners %s", n,
                                                        fanout.inactiveOwners())))
                                .flatMap(fanout -> fanout.copies().isEmpty() ? Uni.createFrom().item(0)
                                        : deliveries.insert(rows(fanout.copies(), event, eventId, type, object, recordId, data))
                                                .replaceWith(fanout.copies().size())))
                .onFailure().invoke(e -> LOG.warnf("Could not store the deliveries of event %s, retrying: %s", eventId,
                        e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely()
                .invoke(stored -> {
                    if (stored > 0) {
                        worker.wake();
                    }
                })
                .replaceWithVoid();
    }

    /** One row per copy; copies of the same view (same record node) share one payload. */
    private List<NewDelivery> rows(List<Copy> copies, JsonNode event, String eventId, String type, String object,
            String recordId, JsonNode data) {
        OffsetDateTime occurredAt = occurredAt(event);
        java.util.Map<JsonNode, String> payloads = new java.util.IdentityHashMap<>();
        return copies.stream().map(copy -> new NewDelivery(RecordIds.next("msg"), copy.endpointId(), eventId, type, object,
                recordId, object + ":" + recordId, payloads.computeIfAbsent(copy.record(),
                        r -> payload(eventId, type, object, recordId, occurredAt, copy, data)),
                occurredAt)).toList();
    }

    private String payload(String eventId, String type, String object, String recordId, OffsetDateTime occurredAt, Copy copy,
            JsonNode data) {
        ObjectNode body = json.createObjectNode();
        body.put("id", eventId);
        body.put("type", type);
        body.put("object", object);
        body.put("recordId", recordId);
        body.put("occurredAt", occurredAt.toInstant().toString());
        body.set("data", copy.record());
        if (copy.changed() != null) {
            body.set("changed", copy.changed());
        }
        if (data.hasNonNull("actorId")) {
            body.put("actorId", data.get("actorId").asText());
        }
        return body.toString();
    }

    private static OffsetDateTime occurredAt(JsonNode event) {
        try {
            return OffsetDateTime.parse(event.path("time").asText());
        } catch (RuntimeException e) {
            return OffsetDateTime.now(ZoneOffset.UTC);
        }
    }
}
