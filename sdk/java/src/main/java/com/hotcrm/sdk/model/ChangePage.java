package com.hotcrm.sdk.model;

import java.util.List;

/**
 * One page of the change feed: {@code {"changes", "nextCursor", "hasMore"}}. A page may hold fewer changes than asked
 * (changes of records the caller may not read are left out) and still have more after it.
 *
 * @param changes    the changes, in commit order
 * @param nextCursor where the next page starts; at the feed's head when {@code hasMore} is false
 * @param hasMore    whether more changes are already waiting after this page
 */
public record ChangePage(List<Change> changes, String nextCursor, boolean hasMore) {

    public ChangePage {
        changes = List.copyOf(changes);
    }
}
