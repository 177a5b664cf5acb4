package com.hotcrm.sdk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.sdk.model.Change;
import com.hotcrm.sdk.model.ChangePage;

/**
 * The change feed ({@code GET /changes}): every create, update and delete of the objects followed, in commit order,
 * after a cursor. Start with {@link #head} (nothing yet, a cursor at the head) or with no cursor (the oldest change
 * the server keeps, 7 days by default), keep the cursor of the last change handled, and go on from it:
 *
 * <pre>{@code
 * String cursor = client.changes().head("Account", "Contact");
 * ...
 * for (Change change : client.changes().since(cursor, "Account", "Contact")) {
 *     handle(change);
 *     cursor = change.cursor();
 * }
 * }</pre>
 *
 * A cursor older than the server keeps changes fails with a {@link HotCRMException} of code
 * {@value HotCRMException#CURSOR_EXPIRED} (status 410): read the records again, then follow from {@link #head}.
 */
public final class Changes {

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };

    private final Transport transport;

    Changes(Transport transport) {
        this.transport = transport;
    }

    /** A cursor at the feed's head: the changes made from now on follow it. */
    public String head(String... objects) {
        return page("now", null, objects).nextCursor();
    }

    /**
     * One page of changes after {@code since} (a change's or a page's cursor; {@code "now"}; null for the oldest kept).
     *
     * @param limit 1 to 1000, null for the server's default (100)
     */
    public ChangePage page(String since, Integer limit, String... objects) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("object", String.join(",", objects));
        if (since != null) {
            query.put("since", since);
        }
        if (limit != null) {
            query.put("limit", limit);
        }
        JsonNode answer = transport.get("changes", query);
        List<Change> changes = new ArrayList<>();
        for (JsonNode change : answer.path("changes")) {
            changes.add(change(change));
        }
        return new ChangePage(changes, answer.path("nextCursor").asText(null), answer.path("hasMore").asBoolean(false));
    }

    /**
     * Every change after {@code since} up to the feed's head when the last page is read, page after page as the
     * iteration reaches them (null: from the oldest kept). Iterate again from the last change's cursor for more.
     */
    public Iterable<Change> since(String since, String... objects) {
        return () -> new Iterator<>() {
            private String cursor = since;
            private Iterator<Change> current = Collections.emptyIterator();
            private boolean last;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && !last) {
                    ChangePage page = page(cursor, null, objects);
                    current = page.changes().iterator();
                    cursor = page.nextCursor();
                    last = !page.hasMore();
                }
                return current.hasNext();
            }

            @Override
            public Change next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** {@link #since} as a stream. */
    public Stream<Change> stream(String since, String... objects) {
        return Pages.stream(since(since, objects));
    }

    private static Change change(JsonNode change) {
        JsonNode record = change.path("record");
        String occurredAt = change.path("occurredAt").asText(null);
        return new Change(change.path("cursor").asText(null), change.path("type").asText(null),
                change.path("object").asText(null), change.path("recordId").asText(null),
                occurredAt == null ? null : Instant.parse(occurredAt),
                Json.MAPPER.convertValue(change.path("changedFields"), NAMES),
                record.isObject() ? Json.MAPPER.convertValue(record, FIELDS) : null);
    }
}
