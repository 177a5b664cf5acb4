package com.hotcrm.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.sdk.FakeApi.Response;
import com.hotcrm.sdk.model.Change;

/** The change feed's iterator follows nextCursor page after page and stops at the head; cursors are passed as given. */
class ChangesTest extends FakeApiClientTest {

    /** Changes c{from}..c{to-1} (a delete every third), then nextCursor c{to}. */
    static Response page(int from, int to, boolean hasMore) {
        ObjectNode page = FakeApi.JSON.createObjectNode();
        ArrayNode changes = page.putArray("changes");
        for (int i = from; i < to; i++) {
            ObjectNode change = changes.addObject().put("cursor", "c" + (i + 1)).put("type", i % 3 == 2 ? "delete" : "update")
                    .put("object", "Account").put("recordId", "acc_" + i).put("occurredAt", "2026-12-06T05:00:00Z");
            change.putArray("changedFields").add("Name");
            if (i % 3 == 2) {
                change.putNull("record");
            } else {
                change.putObject("record").put("Id", "acc_" + i).put("Name", "Account " + i);
            }
        }
        page.put("nextCursor", "c" + to).put("hasMore", hasMore);
        return Response.ok(page.toString());
    }

    @Test
    void iteratingFollowsNextCursorToTheHead() {
        api.on("GET", "/changes", request -> switch (String.valueOf(request.query().get("since"))) {
            case "now" -> page(0, 0, false);
            case "c0" -> page(0, 3, true);
            case "c3" -> page(3, 5, true);
            case "c5" -> page(5, 5, false);
            default -> Response.error(400, "VALIDATION_ERROR", "unexpected cursor");
        });
        assertEquals("c0", client.changes().head("Account", "Contact"));

        List<Change> seen = new ArrayList<>();
        client.changes().since("c0", "Account", "Contact").forEach(seen::add);

        assertEquals(List.of("acc_0", "acc_1", "acc_2", "acc_3", "acc_4"), seen.stream().map(Change::recordId).toList());
        assertEquals("c5", seen.get(4).cursor());
        assertTrue(seen.get(2).isDelete());
        assertNull(seen.get(2).record(), "a tombstone");
        assertEquals("Account 1", seen.get(1).record().get("Name"));
        assertEquals(Instant.parse("2026-12-06T05:00:00Z"), seen.get(0).occurredAt());
        List<FakeApi.Request> calls = api.requests("GET", "/changes");
        assertEquals(4, calls.size(), "head, then three pages");
        assertEquals("Account,Contact", calls.get(1).query().get("object"));
    }

    @Test
    void noCursorStartsAtTheOldestAndAnExpiredOneSaysSo() {
        api.on("GET", "/changes", request -> request.query().containsKey("since")
                ? Response.error(410, "CURSOR_EXPIRED", "older than the feed keeps")
                : page(0, 2, false));
        assertEquals(2, client.changes().stream(null, "Account").count());

        HotCRMException expired = assertThrows(HotCRMException.class,
                () -> client.changes().page("c1", 10, "Account"));
        assertEquals(HotCRMException.CURSOR_EXPIRED, expired.code());
        assertEquals(410, expired.status());
        assertEquals("10", api.requests("GET", "/changes").get(1).query().get("limit"));
    }
}
