package com.hotcrm.webhook.messaging;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecords;
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
import com.hotcrm.webhook.repository.EndpointRepository.Subscription;
import com.hotcrm.webhook.repository.OwnerRepository.Owner;
import com.hotcrm.webhook.service.ActiveWebhooks;
import com.hotcrm.webhook.service.DeliveryAudience;
import com.hotcrm.webhook.service.DeliveryAudience.Copy;
import com.hotcrm.webhook.service.WebhookEvents;
import com.hotcrm.webhook.service.WebhookPayload;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Turns each record change on {@value ChangeEvent#TOPIC} into one delivery row per matching subscription
 * (object and event type) whose owner may see the record now, holding what that owner may see of it
 * ({@link DeliveryAudience}); the webhooks of an owner found inactive are disabled instead. It reads the
 * topic in batches (a poll's records at once): a change no active webhook subscribes to is skipped from
 * this replica's {@link ActiveWebhooks}, with no query, and a batch's matching changes are written with a
 * handful of statements (the owners read once, the rows inserted by one). On the shared
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
    private final ActiveWebhooks subscriptions;
    private final DistributionSummary batchSize;
    /** Decimals go out as they came in (150000.50 keeps its scale). */
    private final ObjectMapper exact;

    RecordChangeConsumer(ChangeEventConsumers consumers, EndpointRepository endpoints, DeliveryRepository deliveries,
            DeliveryWorker worker, DeliveryAudience audience, ActiveWebhooks subscriptions, ObjectMapper json,
            MeterRegistry registry) {
        super("webhook-fan-out", consumers);
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.audience = audience;
        this.subscriptions = subscriptions;
        this.batchSize = DistributionSummary.builder("hotcrm.webhook.fanout.batch")
                .description("Change events fanned out together (one batch: the owners read once, one insert)")
                .baseUnit("events").register(registry);
        this.worker = worker;
        this.exact = json.copy().configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    }

    @Incoming("record-changes")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Consumed> batch = new ArrayList<>(records.count());
        records.forEach(r -> batch.add(new Consumed(r.topic(), r.key(), r.value())));
        return processBatch(batch);
    }

    /** An event no active webhook subscribes to is skipped here, from memory, before any query. */
    @Override
    protected boolean wants(ChangeEvent event) {
        String type = WebhookEvents.fromEventType(event.type());
        return event.id() != null && event.object() != null && type != null && subscriptions.anyMatch(event.object(), type);
    }

    @Override
    protected Uni<Void> handle(ChangeEvent event) {
        return handleBatch(List.of(event));
    }

    /**
     * Fans a batch out: the owners of every matching webhook read once, each event's audience decided (no
     * query for admin owners), the webhooks of inactive owners disabled once, and every delivery row of the
     * batch written by one statement.
     */
    @Override
    protected Uni<Void> handleBatch(List<ChangeEvent> events) {
        batchSize.record(events.size());
        Multi<Matched> each = Multi.createFrom().iterable(events).onItem().transformToUniAndConcatenate(this::match);
        return each.collect().asList()
                .flatMap(this::fanOutAndStore)
                .invoke(stored -> {
                    if (stored > 0) {
                        worker.wake();
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Matched> match(ChangeEvent event) {
        return subscriptions.matching(event.object(), WebhookEvents.fromEventType(event.type()))
                .map(found -> new Matched(event, found));
    }

    private Uni<Integer> fanOutAndStore(List<Matched> matched) {
        Set<String> ownerIds = new HashSet<>();
        matched.forEach(m -> m.subscriptions().forEach(s -> ownerIds.add(s.ownerId())));
        if (ownerIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return audience.owners(ownerIds).flatMap(owners -> fanOutAll(matched, owners)).flatMap(this::store);
    }

    private record Matched(ChangeEvent event, List<Subscription> subscriptions) {
    }

    private record FannedOut(List<NewDelivery> rows, Set<String> inactiveOwners) {
    }

    private Uni<List<FannedOut>> fanOutAll(List<Matched> matched, Map<String, Owner> owners) {
        Multi<FannedOut> each = Multi.createFrom().iterable(matched).filter(m -> !m.subscriptions().isEmpty())
                .onItem().transformToUniAndConcatenate(m -> fanOut(m, owners));
        return each.collect().asList();
    }

    private Uni<FannedOut> fanOut(Matched matched, Map<String, Owner> owners) {
        ChangeEvent event = matched.event();
        String type = WebhookEvents.fromEventType(event.type());
        String object = event.object();
        ChangeEvent.Data data = event.data();
        String recordId = data.id() != null ? data.id() : event.subject();
        ObjectNode record = data.record() == null ? exact.createObjectNode() : exact.valueToTree(data.record());
        ArrayNode changed = data.changed() == null ? null : exact.valueToTree(data.changed());
        return audience.fanOut(object, type, recordId, record, changed, matched.subscriptions(), owners)
                .map(fanout -> new FannedOut(rows(fanout.copies(), event, type, recordId), fanout.inactiveOwners()));
    }

    /** Disables the webhooks of owners found inactive, then writes every row in one statement; how many. */
    private Uni<Integer> store(List<FannedOut> fannedOut) {
        Set<String> inactive = new HashSet<>();
        List<NewDelivery> rows = new ArrayList<>();
        fannedOut.forEach(f -> {
            inactive.addAll(f.inactiveOwners());
            rows.addAll(f.rows());
        });
        Uni<Void> disabled = inactive.isEmpty() ? Uni.createFrom().voidItem()
                : endpoints.disableOwnedBy(inactive, DeliveryAudience.OWNER_INACTIVE)
                        .invoke(n -> LOG.infof("Disabled %d webhooks of inactive owners %s", n, inactive))
                        .call(n -> subscriptions.refresh()).replaceWithVoid();
        return disabled.chain(() -> rows.isEmpty() ? Uni.createFrom().item(0)
                : deliveries.insert(rows).replaceWith(rows.size()));
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
        return new WebhookPayload(event.id(), type, event.object(), recordId, occurredAt.toInstant(), copy.record(),
                copy.changed(), event.data().actorId()).toJson(exact);
    }
}
