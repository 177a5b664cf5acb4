package com.hotcrm.sdk;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.sdk.model.Page;
import com.hotcrm.sdk.model.CrmRecord;

/**
 * Reading pages: a list answer as a {@link Page}, and every record of a list or query page after page, following
 * the server's {@code nextCursor} (keyset paging: nothing repeated or skipped while records are written), or its
 * offsets when an answer has no cursor. Pages are fetched as the iteration reaches them.
 */
final class Pages {

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };

    /** Fetches the page at a cursor (null for the first) or, without cursors, at an offset. */
    interface Fetch<T> {
        Page<T> page(String cursor, Integer offset);
    }

    private Pages() {
    }

    static <T extends CrmRecord> Page<T> page(JsonNode answer, Function<Map<String, Object>, T> type) {
        List<T> records = new ArrayList<>();
        for (JsonNode record : answer.path("records")) {
            records.add(record(record, type));
        }
        return new Page<>(records, answer.path("totalCount").asLong(records.size()),
                answer.path("totalCountExact").asBoolean(true), answer.path("hasMore").asBoolean(false),
                answer.path("limit").asInt(records.size()), answer.path("offset").asInt(0),
                answer.path("nextCursor").isTextual() ? answer.get("nextCursor").asText() : null);
    }

    static <T extends CrmRecord> T record(JsonNode record, Function<Map<String, Object>, T> type) {
        if (!record.isObject()) {
            throw new HotCRMException(HotCRMException.SERVER_ERROR, "Expected a record, got: " + record);
        }
        return type.apply(Json.MAPPER.convertValue(record, FIELDS));
    }

    static <T> Iterable<T> iterable(Fetch<T> fetch, Integer startOffset) {
        return () -> new PageIterator<>(fetch, startOffset);
    }

    static <T> Stream<T> stream(Iterable<T> iterable) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterable.iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private static final class PageIterator<T> implements Iterator<T> {

        private final Fetch<T> fetch;
        private String cursor;
        private Integer offset;
        private Iterator<T> current = java.util.Collections.emptyIterator();
        private boolean last;

        PageIterator(Fetch<T> fetch, Integer startOffset) {
            this.fetch = fetch;
            this.offset = startOffset;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                if (last) {
                    return false;
                }
                Page<T> page = fetch.page(cursor, cursor == null ? offset : null);
                current = page.records().iterator();
                if (!page.hasMore() || page.records().isEmpty()) {
                    last = true;
                } else if (page.nextCursor() != null) {
                    cursor = page.nextCursor();
                } else {
                    if (cursor != null) {
                        throw new HotCRMException(HotCRMException.SERVER_ERROR,
                                "A page reached by cursor has more records but no nextCursor");
                    }
                    offset = (offset == null ? 0 : offset) + page.records().size();
                }
            }
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }
}
