package com.hotcrm.records.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.ObjectPermissions.Operation;
import com.hotcrm.records.config.RecordsConfig;
import com.hotcrm.records.repository.ChangeFeedRepository;
import com.hotcrm.records.repository.ChangeFeedRepository.Entry;
import com.hotcrm.records.repository.ChangeFeedRepository.Page;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /v1/changes}: the record changes of the objects asked for, in the order they were committed, after a
 * cursor.
 *
 * <p>A cursor is opaque to clients: a feed position, base64url. It expires only when a change after it has been
 * pruned (the outbox notes the highest position its pruning removed): then the answer is 410 ({@code CURSOR_EXPIRED})
 * and the client resyncs. A quiet feed's cursor stays good however old; a cursor from before the retention is gone
 * once the pruning that follows it has run.
 *
 * <p>What a caller sees is decided at read time: only objects their roles may read (403 otherwise), only changes of
 * records they may read now (a deleted record is judged by the owner its change names), and only the fields they
 * may see now, in {@code record} and {@code changedFields}. A page may therefore hold fewer changes than its limit and
 * still say {@code hasMore}.
 */
@ApplicationScoped
public class ChangeFeedService {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    public static final int MAX_OBJECTS = 50;

    /** One change as the feed shows it; {@code record} is null for a deletion (a tombstone). */
    public record Change(String cursor, String type, String object, String recordId, Instant occurredAt,
            List<String> changedFields, Map<String, Object> record) {
    }

    public record Changes(List<Change> changes, String nextCursor, boolean hasMore) {
    }

    /** Where a reader is: after this feed position. */
    record Cursor(long position) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(("c" + position).getBytes(StandardCharsets.US_ASCII));
        }

        static Cursor decode(String text) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
                if (plain.startsWith("c")) {
                    long position = Long.parseLong(plain.substring(1));
                    if (position >= 0) {
                        return new Cursor(position);
                    }
                }
            } catch (IllegalArgumentException e) {
                // answered below
            }
            throw CrmException.validation("since", "since must be 'now' or a cursor this feed gave (a change's cursor "
                    + "or a page's nextCursor); leave it out to start at the oldest change kept");
        }
    }

    private final ChangeFeedRepository feed;
    private final MetadataRegistry registry;
    private final AccessPolicy access;
    private final ObjectMapper json;
    private final Duration retention;

    public ChangeFeedService(ChangeFeedRepository feed, MetadataRegistry registry, AccessPolicy access, ObjectMapper json,
            RecordsConfig config) {
        this.feed = feed;
        this.registry = registry;
        this.access = access;
        this.json = json;
        this.retention = config.changes().retention();
    }

    /** A cursor (or none: the oldest kept) of the page this is, unless changes after it have been pruned. */
    private void requireKept(Cursor from, Page page) {
        if (from != null && from.position() < page.prunedThrough()) {
            throw new CrmException(ErrorCode.CURSOR_EXPIRED, "Changes after this cursor are no longer kept (the feed keeps "
                    + "them " + retention.toDays() + " days): read the records you keep again, then follow the feed from "
                    + "since=now");
        }
    }

    public Uni<Changes> changes(String objects, String since, String limit, Caller caller) {
        List<ObjectDef> defs = objects(objects, caller);
        int max = limit(limit);
        boolean atHead = "now".equals(since);
        Cursor from = since == null || atHead ? null : Cursor.decode(since);
        // no since: from the oldest change kept, whatever pruning removed below it
        long after = atHead ? Long.MAX_VALUE : from == null ? 0 : from.position();
        return feed.page(defs.stream().map(ObjectDef::name).toList(), after, atHead ? 1 : max + 1)
                .flatMap(page -> {
                    requireKept(from, page);
                    if (atHead) {
                        return Uni.createFrom().item(new Changes(List.of(), new Cursor(page.head()).encode(), false));
                    }
                    return shown(page, max, defs, caller);
                });
    }

    /** The page as the caller may see it, and where to go on. */
    private Uni<Changes> shown(Page page, int max, List<ObjectDef> defs, Caller caller) {
        boolean hasMore = page.entries().size() > max;
        List<Entry> entries = hasMore ? page.entries().subList(0, max) : page.entries();
        String next = new Cursor(hasMore ? entries.get(entries.size() - 1).position() : page.head()).encode();
        List<ChangeEvent> events = entries.stream().map(this::event).toList();
        Map<String, ObjectDef> byName = new HashMap<>();
        defs.forEach(def -> byName.put(def.name(), def));
        return readable(entries, events, byName, caller).map(readable -> {
            List<Change> changes = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                if (readable.contains(entry.position())) {
                    changes.add(change(entry, events.get(i), access.view(caller, byName.get(events.get(i).object()))));
                }
            }
            return new Changes(changes, next, hasMore);
        });
    }

    /** The positions of the entries the caller may read: every one of an object they read whole, else as asked. */
    private Uni<Set<Long>> readable(List<Entry> entries, List<ChangeEvent> events, Map<String, ObjectDef> byName,
            Caller caller) {
        Set<Long> readable = new HashSet<>();
        Map<String, List<Integer>> restricted = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            ObjectDef def = byName.get(events.get(i).object());
            if (access.readsEveryRow(caller, def)) {
                readable.add(entries.get(i).position());
            } else {
                restricted.computeIfAbsent(def.name(), k -> new ArrayList<>()).add(i);
            }
        }
        if (restricted.isEmpty()) {
            return Uni.createFrom().item(readable);
        }
        return Multi.createFrom().iterable(restricted.entrySet())
                .onItem().transformToUniAndConcatenate(object -> {
                    List<Long> positions = new ArrayList<>();
                    List<String> ids = new ArrayList<>();
                    List<String> owners = new ArrayList<>();
                    for (int i : object.getValue()) {
                        ChangeEvent.Data data = events.get(i).data();
                        positions.add(entries.get(i).position());
                        ids.add(data.id());
                        Object owner = data.record() == null ? null : data.record().get("OwnerId");
                        owners.add(owner == null ? null : owner.toString());
                    }
                    return feed.readable(caller, byName.get(object.getKey()), access, positions, ids, owners);
                })
                .collect().in(() -> readable, Set::addAll);
    }

    private Change change(Entry entry, ChangeEvent event, ObjectDef view) {
        ChangeEvent.Data data = event.data();
        boolean deletion = event.isDeletion();
        List<String> changed = data.changed() == null ? List.of()
                : data.changed().stream().filter(f -> view.field(f).isPresent()).toList();
        return new Change(new Cursor(entry.position()).encode(), type(event), data.object(), data.id(), event.time(), deletion ? List.of() : changed,
                deletion || data.record() == null ? null : RecordService.visible(view, data.record()));
    }

    private static String type(ChangeEvent event) {
        return switch (event.kind().orElseThrow(() -> new IllegalStateException("Unknown change type " + event.type()))) {
            case CREATED -> "create";
            case UPDATED -> "update";
            case DELETED -> "delete";
        };
    }

    private ChangeEvent event(Entry entry) {
        try {
            return json.readValue(entry.payload(), ChangeEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Outbox row at feed position " + entry.position() + " is not a change event", e);
        }
    }

    /** The objects asked for: known, readable by the caller's roles, each once. */
    private List<ObjectDef> objects(String objects, Caller caller) {
        if (objects == null || objects.isBlank()) {
            throw CrmException.validation("object", "object is required: the API names of the objects whose changes "
                    + "to read, comma-separated (object=Account,Contact)");
        }
        Map<String, ObjectDef> defs = new LinkedHashMap<>();
        for (String name : objects.split(",", -1)) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                throw CrmException.validation("object", "object has an empty name: give API names separated by commas");
            }
            ObjectDef def = registry.requireByName(trimmed);
            access.require(caller, def, Operation.READ);
            defs.putIfAbsent(def.name(), def);
        }
        if (defs.size() > MAX_OBJECTS) {
            throw CrmException.validation("object", "At most " + MAX_OBJECTS + " objects per request; split them over "
                    + "several feeds");
        }
        return List.copyOf(defs.values());
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw CrmException.validation("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + " (default "
                + DEFAULT_LIMIT + ")");
    }
}
