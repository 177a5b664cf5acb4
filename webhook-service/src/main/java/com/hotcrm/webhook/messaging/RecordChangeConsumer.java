package com.hotcrm.webhook.messaging;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.event.ChangeEventConsumer;
import com.hotcrm.platform.event.ChangeEventConsumers;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.webhook.delivery.DeliveryWorker;
import com.hotcrm.webhook.repository.DeliveryRepository;
import com.hotcrm.webhook.repository.DeliveryRepository.NewDelivery;
import com.hotcrm.webhook.repository.EndpointRepository;
import com.hotcrm.webhook.service.DeliveryAudience;
import com.hotcrm.webhook.service.DeliveryAudience.Copy;
import com.hotcrm.webhook.service.WebhookEvents;

import io.smallrye.mutiny.Uni;

/**
 * Turns each record change on {@value ChangeEvent#TOPIC} into one delivery row per matching subscription
 * (object and event type) whose owner may see the record now, holding what that owner may see of it
 * ({@link DeliveryAudience}); the webhooks of an owner found inactive are disabled instead. On the shared
 * {@link ChangeEventConsumer}: the event is acknowledged only once its rows are committed (a crash leaves it
 * to be consumed again, and the rows' key (endpoint, event id) makes that harmless), a database outage is
 * waited out, and an event that keeps failing is parked in {@code webhook.dead_letter} for an admin to
 * replay ({@code /v1/admin/dead-letters/webhook}) instead of holding its partition.
 */
@Singleton
public class RecordChangeConsumer extends ChangeEventConsumer {

    private static final Logger LOG = Logger.getLogger(RecordChangeConsumer.class);

    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final DeliveryWorker worker;
    private final DeliveryAudience audience;
    /** Decimals go out as they came in (150000.50 keeps its scale). */
    private final ObjectMapper exact;

    RecordChangeConsumer(ChangeEventConsumers consumers, EndpointRepository endpoints, DeliveryRepository deliveries,
            DeliveryWorker worker, DeliveryAudience audience, ObjectMapper json) {
        super("webhook-fan-out", consumers);
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.audience = audience;
        this.worker = worker;
        this.exact = json.copy().configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    }

    @Incoming("record-changes")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return process(record.topic(), record.key(), record.value());
    }

    @Override
    protected boolean wants(ChangeEvent event) {
        return event.id() != null && event.object() != null && WebhookEvents.fromEventType(event.type()) != null;
    }

    @Override
    protected Uni<Void> handle(ChangeEvent event) {
        String type = WebhookEvents.fromEventType(event.type());
        String object = event.object();
        ChangeEvent.Data data = event.data();
        String recordId = data.id() != null ? data.id() : event.subject();
        ObjectNode record = data.record() == null ? exact.createObjectNode() : exact.valueToTree(data.record());
        ArrayNode changed = data.changed() == null ? null : exact.valueToTree(data.changed());
        return endpoints.matching(object, type)
                .flatMap(matching -> matching.isEmpty() ? Uni.createFrom().item(0)
                        : audience.fanOut(object, type, recordId, record, changed, matching)
                                .call(fanout -> fanout.inactiveOwners().isEmpty() ? Uni.createFrom().voidItem()
                                        : endpoints.disableOwnedBy(fanout.inactiveOwners(), DeliveryAudience.OWNER_INACTIVE)
                                                .invoke(n -> LOG.infof("Disabled %d webhooks of inactive owners %s", n,
                                                        fanout.inactiveOwners())))
                                .flatMap(fanout -> fanout.copies().isEmpty() ? Uni.createFrom().item(0)
                                        : deliveries.insert(rows(fanout.copies(), event, type, recordId))
                                                .replaceWith(fanout.copies().size())))
                .invoke(stored -> {
                    if (stored > 0) {
                        worker.wake();
                    }
                })
                .replaceWithVoid();
    }

    /** One row per copy; copies of the same view (same record node) share one payload. */
    private List<NewDelivery> rows(List<Copy> copies, ChangeEvent event, String type, String recordId) {
        OffsetDateTime occurredAt = event.time() == null ? OffsetDateTime.now(ZoneOffset.UTC)
                : event.time().atOffset(ZoneOffset.UTC);
        String object = event.object();
        Map<JsonNode, String> payloads = new IdentityHashMap<>();
        return copies.stream().map(copy -> new NewDelivery(RecordIds.next("msg"), copy.endpointId(), event.id(), type,
                object, recordId, object + ":" + recordId, payloads.computeIfAbsent(copy.record(),
                        r -> payload(event, type, recordId, occurredAt, copy)),
                occurredAt)).toList();
    }

    private String payload(ChangeEvent event, String type, String recordId, OffsetDateTime occurredAt, Copy copy) {
        ObjectNode body = exact.createObjectNode();
        body.put("id", event.id());
        body.put("type", type);
        body.put("object", event.object());
        body.put("recordId", recordId);
        body.put("occurredAt", occurredAt.toInstant().toString());
        body.set("data", copy.record());
        if (copy.changed() != null) {
            body.set("changed", copy.changed());
        }
        if (event.data().actorId() != null) {
            body.put("actorId", event.data().actorId());
        }
        return body.toString();
    }
}
