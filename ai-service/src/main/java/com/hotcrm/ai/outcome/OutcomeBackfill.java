package com.hotcrm.ai.outcome;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.event.ConsumerFailures;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Fills the outcome store from the records themselves, for what happened before the change topic's oldest retained
 * event (an organisation that ran without ai-service, or a topic with a short retention): every Account,
 * Opportunity, OpportunityLineItem, Activity, Lead and Case is read through query-service with the admin's token,
 * a page of 200 at a time, and stored exactly as its change event would be ({@link OutcomeEvents}, the record's
 * ModifiedDate as the change's time). Idempotent: run again, it changes nothing; events that come meanwhile are
 * applied as usual. One at a time per replica; it runs in the background and {@link #status} says how far it is. A
 * run that failed (the admin's token expired, query-service or the database away) is taken up again by the next
 * start, from the page it stopped at.
 */
@ApplicationScoped
public class OutcomeBackfill {

    private static final Logger LOG = Logger.getLogger(OutcomeBackfill.class);
    /** Accounts first (the deals' industries), then what refers to them. */
    static final List<String> OBJECTS = List.of("Account", "Opportunity", "OpportunityLineItem", "Activity", "Lead", "Case");
    private static final TypeReference<Map<String, Object>> RECORD = new TypeReference<>() {
    };

    private final CrmData crm;
    private final OutcomeEvents events;
    private final ObjectMapper json;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Map<String, Object> status = Map.of("state", "never run");
    /** Where a failed run stopped: the object and the cursor of its next page; null after a run that finished. */
    private volatile String resumeObject;
    private volatile String resumeCursor;
    private volatile Map<String, Long> lastStored = Map.of();

    OutcomeBackfill(CrmData crm, OutcomeEvents events, ObjectMapper json) {
        this.crm = crm;
        this.events = events;
        this.json = json;
    }

    /**
     * Starts a backfill with the admin's token, unless one runs here; answers the status either way. After a failed run
     * (query-service or the database away, the token expired) it goes on from the page it stopped at.
     */
    public Map<String, Object> start(String auth) {
        if (!running.compareAndSet(false, true)) {
            return status;
        }
        String from = resumeObject;
        Map<String, Long> stored = new LinkedHashMap<>();
        if (from == null) {
            OBJECTS.forEach(object -> stored.put(object, 0L));
        } else {
            stored.putAll(lastStored);
        }
        List<String> objects = from == null ? OBJECTS : OBJECTS.subList(OBJECTS.indexOf(from), OBJECTS.size());
        String firstCursor = from == null ? null : resumeCursor;
        String startedAt = OffsetDateTime.now(ZoneOffset.UTC).toString();
        status = describe("running", startedAt, null, stored, null);
        Multi.createFrom().iterable(objects)
                .onItem().transformToUniAndConcatenate(object -> object(auth, object,
                        object.equals(objects.get(0)) ? firstCursor : null, stored, startedAt))
                .collect().last()
                .subscribe().with(done -> {
                    resumeObject = null;
                    resumeCursor = null;
                    status = describe("done", startedAt, OffsetDateTime.now(ZoneOffset.UTC).toString(), stored, null);
                    running.set(false);
                    LOG.infof("Outcome store backfilled: %s", stored);
                }, failure -> {
                    lastStored = new LinkedHashMap<>(stored);
                    status = describe("failed", startedAt, OffsetDateTime.now(ZoneOffset.UTC).toString(), stored,
                            failure.getMessage());
                    running.set(false);
                    LOG.warnf("The outcome store backfill stopped (%s) after %s; run it again to go on from %s", failure.toString(),
                            stored, resumeObject);
                });
        return status;
    }

    public Map<String, Object> status() {
        return status;
    }

    /**
     * Every record of one object from {@code cursor} on, a page after another (a loop: each page is let go once
     * stored, and no call nests in the one before). A cursor kept from a failed run that query-service no longer
     * knows starts the object again.
     */
    private Uni<Void> object(String auth, String object, String cursor, Map<String, Long> stored, String startedAt) {
        AtomicReference<String> next = new AtomicReference<>(cursor);
        resumeObject = object;
        resumeCursor = cursor;
        Uni<Void> pages = Multi.createBy().repeating().uni(() -> crm.page(auth, body(object, next.get())))
                .whilst(page -> {
                    next.set(page.path("nextCursor").asText(null));
                    return next.get() != null;
                })
                .onItem().transformToUniAndConcatenate(page -> store(object, page.path("records"), stored).invoke(() -> {
                    // the next run goes on after this page
                    resumeCursor = page.path("nextCursor").asText(null);
                    stored.merge("pages", 1L, Long::sum);
                    status = describe("running", startedAt, null, stored, null);
                }))
                .collect().last().replaceWithVoid();
        if (cursor == null) {
            return pages;
        }
        return pages.onFailure(CrmException.class).recoverWithUni(expired -> {
            LOG.infof("Backfill of %s starts over (%s)", object, expired.getMessage());
            return object(auth, object, null, stored, startedAt);
        });
    }

    private ObjectNode body(String object, String cursor) {
        ObjectNode body = crm.query(object, List.of(), null, null);
        body.remove("fields"); // every field: what each object's change event carries
        body.put("limit", 200);
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        return body;
    }

    /**
     * One page's records, each as its change event would be stored: together, as a batch of the topic is (a page of
     * accounts is two statements, not two hundred); a page that fails but for the database or query-service (a record
     * its change event could not carry either) is stored again one record at a time, skipping the bad ones.
     */
    private Uni<Void> store(String object, JsonNode records, Map<String, Long> stored) {
        List<ChangeEvent> page = new java.util.ArrayList<>(records.size());
        try {
            records.forEach(record -> page.add(event(object, record)));
        } catch (RuntimeException malformed) {
            return oneByOne(object, records, stored);
        }
        return events.applyAll(page)
                .invoke(() -> stored.merge(object, (long) records.size(), Long::sum))
                .onFailure(failure -> !ConsumerFailures.isTransient(failure))
                .recoverWithUni(failure -> {
                    // statements of the batch already sent may still run meanwhile: every store is an idempotent upsert
                    LOG.debugf("Backfill page of %s stored one by one: %s", object, failure.getMessage());
                    return oneByOne(object, records, stored);
                });
    }

    private Uni<Void> oneByOne(String object, JsonNode records, Map<String, Long> stored) {
        return Multi.createFrom().iterable(records)
                .onItem().transformToUniAndConcatenate(record -> Uni.createFrom().deferred(() -> events.apply(event(object, record)))
                        // a record its change event could not carry either (a malformed value): skipped, counted, logged;
                        // the database or query-service failing stops the backfill (run it again to go on)
                        .onFailure(failure -> !ConsumerFailures.isTransient(failure)).recoverWithItem(failure -> {
                            stored.merge("skipped", 1L, Long::sum);
                            LOG.warnf("Backfill skipped %s %s: %s", object, record.path("Id").asText(), failure.getMessage());
                            return null;
                        }))
                .collect().last()
                .invoke(() -> stored.merge(object, (long) records.size(), Long::sum))
                .replaceWithVoid();
    }

    private ChangeEvent event(String object, JsonNode record) {
        Map<String, Object> values = json.convertValue(record, RECORD);
        String id = record.path("Id").asText(null);
        String modified = record.path("ModifiedDate").asText(null);
        Instant time = modified == null ? Instant.now() : OffsetDateTime.parse(modified).toInstant();
        return ChangeEvent.of("/hotcrm/ai-service/backfill", ChangeEvent.Kind.UPDATED, object, id, values,
                List.copyOf(values.keySet()), null, time);
    }

    private static Map<String, Object> describe(String state, String startedAt, String finishedAt, Map<String, Long> stored,
            String error) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", state);
        out.put("startedAt", startedAt);
        out.put("finishedAt", finishedAt);
        out.put("stored", new LinkedHashMap<>(stored));
        if (error != null) {
            out.put("error", error);
        }
        return out;
    }
}
