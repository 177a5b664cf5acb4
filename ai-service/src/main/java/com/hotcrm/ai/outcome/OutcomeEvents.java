package com.hotcrm.ai.outcome;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.ai.model.LeadScoring;
import com.hotcrm.ai.model.TextSignals;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.event.ChangeEventConsumer;
import com.hotcrm.platform.event.ChangeEventConsumers;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Keeps {@link OutcomeStore} current from {@value ChangeEvent#TOPIC} (its own consumer group, from the earliest
 * event on first start): opportunities and their products, leads, the activities on them, support cases and the
 * accounts' industries. A deal that
 * closes, or a lead that converts or is unqualified, resolves the predictions made of it. Other objects are skipped without I/O; a malformed event is parked in
 * {@code ai.dead_letter} like the knowledge indexer's.
 */
@Singleton
public class OutcomeEvents extends ChangeEventConsumer {

    static final Set<String> OBJECTS = Set.of("Opportunity", "Activity", "Account", "Lead", "OpportunityLineItem", "Case");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> CLOSED_STAGES = Set.of("Closed Won", "Closed Lost");

    /** Records whose events a batch handles at the same time (each holds a connection meanwhile). */
    static final int RECORDS_AT_ONCE = 8;

    private final OutcomeStore store;

    OutcomeEvents(ChangeEventConsumers consumers, OutcomeStore store) {
        super("outcome-store", consumers);
        this.store = store;
    }

    /** A poll's records together (batch mode): see {@link #handleBatch}. */
    @Incoming("outcome-changes")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Consumed> batch = new ArrayList<>(records.count());
        records.forEach(r -> batch.add(new Consumed(r.topic(), r.key(), r.value())));
        return processBatch(batch);
    }

    @Override
    protected boolean wants(ChangeEvent event) {
        return OBJECTS.contains(event.object());
    }

    /**
     * A batch's account changes (most of a bulk import: an account's industry is all this store keeps of it) are
     * two statements, whatever their number: the last change of each account in the batch is its state, as if
     * they had been applied one by one. The other events are handled per record: a record's events one after
     * another in their order, up to {@value #RECORDS_AT_ONCE} records at a time (the topic orders events
     * per record, not across records: two records' events come in either order from different partitions already).
     * An event without its record's id fails the batch, which the base then handles event by event, parking that one.
     */
    @Override
    protected Uni<Void> handleBatch(List<ChangeEvent> events) {
        Map<String, String> industries = new LinkedHashMap<>();
        Set<String> removed = new LinkedHashSet<>();
        Map<String, List<ChangeEvent>> others = new LinkedHashMap<>();
        for (ChangeEvent event : events) {
            String id = idOf(event);
            if (!"Account".equals(event.object())) {
                others.computeIfAbsent(id, key -> new ArrayList<>()).add(event);
                continue;
            }
            Map<String, Object> record = event.data().record();
            if (event.isDeletion() || record == null) {
                industries.remove(id);
                removed.add(id);
            } else {
                removed.remove(id);
                industries.put(id, text(record, "Industry"));
            }
        }
        Uni<Void> accounts = industries.isEmpty() && removed.isEmpty() ? Uni.createFrom().voidItem()
                : store.putAccounts(industries, removed);
        return others.isEmpty() ? accounts
                : accounts.chain(() -> Multi.createFrom().iterable(others.values())
                        // each record's events in order: the base's one-after-another handling
                        .onItem().transformToUni(super::handleBatch)
                        .merge(RECORDS_AT_ONCE)
                        .collect().last().replaceWithVoid());
    }

    @Override
    protected Uni<Void> handle(ChangeEvent event) {
        String id = idOf(event);
        Map<String, Object> record = event.data().record();
        boolean gone = event.isDeletion() || record == null;
        switch (event.object()) {
            case "Opportunity":
                return gone ? store.removeDeal(id) : store.putDeal(deal(id, record, event.time()));
            case "Case":
                if (gone) {
                    return store.removeCase(id);
                }
                Double satisfaction = number(id, record, "SatisfactionScore");
                String description = text(record, "Description");
                return store.putCase(new OutcomeStore.SupportCase(id, String.valueOf(record.getOrDefault("Subject", ""))
                        + (description == null ? "" : " " + description), text(record, "Type"), text(record, "Priority"),
                        "Closed".equals(text(record, "Status")), text(record, "AssignedToId"),
                        satisfaction == null ? null : satisfaction.intValue(),
                        changedAt(event.time())));
            case "OpportunityLineItem":
                String dealId = gone ? null : text(record, "OpportunityId");
                String productId = gone ? null : text(record, "ProductId");
                return dealId == null || productId == null ? store.removeLine(id) : store.putLine(id, dealId, productId);
            case "Lead":
                return gone ? store.removeLead(id) : store.putLead(lead(id, record, event.time()));
            case "Activity":
                String whatId = gone ? null : text(record, "WhatId");
                String whoId = gone ? null : text(record, "WhoId");
                LocalDate day = gone ? null : activityDate(record);
                Uni<Void> onDeal = whatId == null || !whatId.startsWith("opp_") ? store.removeActivity(id)
                        : store.putActivity(id, whatId, day, new ArrayList<>(TextSignals.competitors(List.of(
                                String.valueOf(record.getOrDefault("Subject", "")),
                                String.valueOf(record.getOrDefault("Description", ""))), Set.of())));
                return onDeal.flatMap(done -> store.putLeadActivity(id, whoId != null && whoId.startsWith("lead_") ? whoId : null, day));
            default:
                return gone ? store.removeAccount(id) : store.putAccount(id, text(record, "Industry"));
        }
    }

    private static String idOf(ChangeEvent event) {
        String id = event.data().id();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A " + event.object() + " change without its record's id");
        }
        return id;
    }

    /** Stores one record as its change event would ({@link OutcomeBackfill}); idempotent like every event. */
    Uni<Void> apply(ChangeEvent event) {
        return wants(event) ? handle(event) : Uni.createFrom().voidItem();
    }

    /**
     * Stores records as their change events would be, together as one batch of the topic is ({@link #handleBatch}: a page
     * of accounts in two statements); idempotent like every event. It fails as a whole: the caller may then go one by one.
     */
    Uni<Void> applyAll(List<ChangeEvent> events) {
        List<ChangeEvent> wanted = events.stream().filter(this::wants).toList();
        return wanted.isEmpty() ? Uni.createFrom().voidItem() : Uni.createFrom().deferred(() -> handleBatch(wanted));
    }

    static OutcomeStore.Deal deal(String id, Map<String, Object> record, Instant time) {
        String stage = text(record, "Stage");
        boolean closed = Boolean.TRUE.equals(record.get("IsClosed")) || CLOSED_STAGES.contains(stage);
        boolean won = Boolean.TRUE.equals(record.get("IsWon")) || "Closed Won".equals(stage);
        return new OutcomeStore.Deal(id, text(record, "AccountId"), number(id, record, "Amount"),
                stage, text(record, "Competitor"), instant(text(record, "CreatedDate")), date(text(record, "CloseDate")), closed,
                closed && won, changedAt(time));
    }

    static OutcomeStore.Lead lead(String id, Map<String, Object> record, Instant time) {
        String status = text(record, "Status");
        Boolean outcome = "Converted".equals(status) ? Boolean.TRUE : "Unqualified".equals(status) ? Boolean.FALSE : null;
        return new OutcomeStore.Lead(id, status, text(record, "Industry"), text(record, "Source"), number(id, record, "AnnualRevenue"),
                number(id, record, "NumberOfEmployees"), LeadScoring.completeness(JSON.valueToTree(record)),
                instant(text(record, "CreatedDate")), outcome, changedAt(time));
    }

    /** When the change happened: the event's time (now, for an event that has none). */
    private static OffsetDateTime changedAt(Instant time) {
        return OffsetDateTime.ofInstant(time == null ? Instant.now() : time, ZoneOffset.UTC);
    }

    private static Double number(String id, Map<String, Object> record, String field) {
        Object value = record.get(field);
        if (value != null && !(value instanceof Number)) {
            throw new IllegalArgumentException(id + " has a " + field + " that is not a number");
        }
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static LocalDate activityDate(Map<String, Object> record) {
        String date = text(record, "ActivityDate");
        LocalDate day = date(date != null ? date : text(record, "CreatedDate"));
        return day == null ? LocalDate.now(ZoneOffset.UTC) : day;
    }

    /** A date field's value (a date-time is cut to its date); a malformed one fails the event. */
    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    }

    private static OffsetDateTime instant(String text) {
        return text == null ? null : OffsetDateTime.parse(text);
    }

    private static String text(Map<String, Object> record, String field) {
        Object value = record.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalArgumentException(field + " is not text");
    }
}
