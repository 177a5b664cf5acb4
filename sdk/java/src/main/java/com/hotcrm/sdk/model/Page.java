package com.hotcrm.sdk.model;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * One page of a list or query: {@code {"records", "totalCount", "hasMore", "limit", "offset", "nextCursor"}}.
 * Page on with the {@link #nextCursor()} (keyset: nothing repeated or skipped while records change), or let
 * {@code iterate}/{@code stream} do it.
 *
 * @param records the records of this page
 * @param totalCount how many records match; exact up to the server's limit (10,000 by default), an estimate
 *        past it unless exact counting was asked for
 * @param totalCountExact false when {@code totalCount} is an estimate
 * @param hasMore whether more records follow this page
 * @param limit the page size the server used
 * @param offset the offset the page starts at
 * @param nextCursor the cursor of the next page, when there is one
 */
public record Page<T>(List<T> records, long totalCount, boolean totalCountExact, boolean hasMore, int limit, int offset,
        String nextCursor) implements Iterable<T> {

    public Page {
        records = List.copyOf(records);
    }

    public Optional<String> cursor() {
        return Optional.ofNullable(nextCursor);
    }

    public int size() {
        return records.size();
    }

    @Override
    public Iterator<T> iterator() {
        return records.iterator();
    }
}
