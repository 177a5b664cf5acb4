package com.hotcrm.ai.outcome;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.ai.crm.CrmData;
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
 * applied as usual. One at a time per replica; it runs in the background and {@link #status} says how far it is.
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

    OutcomeBackfill(CrmData crm, OutcomeEvents events, ObjectMapper json) {
        this.crm = crm;
        this.events = events;
        this.json = json;
    }

    /** Starts a backfill with the admin's token, unless one runs here; answers the status either way. */
    public Map<String, Object> start(String auth) {
        if (!running.compareAndSet(false, true)) {
            return status;
        }
        Map<String, Long> stored = new LinkedHashMap<>();
        OBJECTS.forEach(object -> stored.put(object, 0L));
        String startedAt = OffsetDateTime.now(ZoneOffset.UTC).toString();
        status = describe("running", startedAt, null, stored, null);
        Multi.createFrom().iterable(OBJECTS)
                .onItem().transformToUniAndConcatenate(object -> object(auth, object, null, stored, startedAt))
                .collect().last()
                .subscribe().with(done -> {
                    status = describe("done", startedAt, OffsetDateTime.now(ZoneOffset.UTC).toString(), stored, null);
                    running.set(false);
                    LOG.infof("Outcome store backfilled: %s", stored);
                }, failure -> {
                    status = describe("failed", startedAt, OffsetDateTime.now(ZoneOffset.UTC).toString(), stored,
                            failure.getMessage());
                    running.set(false);
                    LOG.warnf("The outcome store backfill stopped (%s) after %s; run it again to finish", failure.toString(), stored);
                });
        return status;
    }

    public Map<String, Object> status() {
        return status;
    }

    /** Every record of one object, page after page (each stored before the next is read). */
    private Uni<Void> object(String auth, String object, String cursor, Map<String, Long> stored, String startedAt) {
        ObjectNode body = crm.query(object, List.of(), null, null);
        body.remove("fields"); // every field: what each object's change event carries
        body.put("limit", 200);
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        return crm.page(auth, body).flatMap(page -> Multi.createFrom().iterable(page.path("records"))
                .onItem().transformToUniAndConcatenate(record -> Uni.createFrom().deferred(() -> events.apply(event(object, record)))
                        // a record its change event could not carry either (a malformed value): skipped, counted, logged;
                        // the database or query-service failing stops the backfill (run it again later)
                        .onFailure(failure -> !ConsumerFailures.isTransient(failure)).recoverWithItem(failure -> {
                            stored.merge("skipped", 1L, Long::sum);
                            LOG.warnf("Backfill skipped %s %s: %s", object, record.path("Id").asText(), failure.getMessage());
                            return null;
                        }))
                .collect().last()
                .flatMap(done -> {
                    stored.merge(object, (long) page.path("records").size(), Long::sum);
                    stored.merge("pages", 1L, Long::sum);
                    status = describe("running", startedAt, null, stored, null);
                    String next = page.path("nextCursor").asText(null);
                    return next == null ? Uni.createFrom().voidItem() : object(auth, object, next, stored, startedAt);
                }));
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
