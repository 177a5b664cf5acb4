package com.hotcrm.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.sdk.FakeApi.Response;
import com.hotcrm.sdk.model.Account;
import com.hotcrm.sdk.model.CrmRecord;

/** Iterating a list or a query follows the server's paging: cursors when it gives them, offsets otherwise. */
class PagingTest extends FakeApiClientTest {

    static final List<String> IDS = IntStream.range(0, 450).mapToObj(i -> String.format("acc_%04d", i)).toList();



    /** A page of IDS as the API answers it; {@code withCursor} says whether it gives nextCursor. */
    static Response page(int start, int limit, boolean withCursor) {
        ObjectNode page = FakeApi.JSON.createObjectNode();
        ArrayNode records = page.putArray("records");
        int end = Math.min(IDS.size(), start + limit);
        for (int i = start; i < end; i++) {
            records.addObject().put("Id", IDS.get(i)).put("Name", "Account " + i);
        }
        page.put("totalCount", IDS.size()).put("hasMore", end < IDS.size()).put("limit", limit).put("offset", start);
        if (withCursor && end < IDS.size()) {
            page.put("nextCursor", Base64.getEncoder().encodeToString(Integer.toString(end).getBytes()));
        }
        return Response.ok(page.toString());
    }

    static int cursorPosition(String cursor) {
        return Integer.parseInt(new String(Base64.getDecoder().decode(cursor)));
    }

    @Test
    void iteratingAListFollowsNextCursorAndReturnsEachRecordOnce() {
        api.on("GET", "/accounts", request -> {
            int limit = Integer.parseInt(request.query().getOrDefault("limit", "50"));
            String cursor = request.query().get("cursor");
            return page(cursor == null ? 0 : cursorPosition(cursor), limit, true);
        });
        ListOptions options = ListOptions.builder().filter("Name", "like", "Account %").fields("Name").sort("Name").build();

        List<String> seen = new ArrayList<>();
        for (Account account : client.accounts().iterate(options)) {
            seen.add(account.getId());
        }

        assertEquals(IDS, seen);
        List<FakeApi.Request> calls = api.requests("GET", "/accounts");
        assertEquals(3, calls.size(), "200 + 200 + 50");
        assertNull(calls.get(0).query().get("cursor"));
        assertEquals("200", calls.get(1).query().get("limit"));
        assertEquals(200, cursorPosition(calls.get(1).query().get("cursor")));
        assertNull(calls.get(1).query().get("offset"), "a cursor is not mixed with an offset");
        for (FakeApi.Request call : calls) {
            assertEquals("[[\"Name\",\"like\",\"Account %\"]]", call.query().get("filters"), "same filters on every page");
            assertEquals("Name", call.query().get("sort"));
            assertEquals("Name", call.query().get("fields"));
        }
    }

    @Test
    void aStreamFetchesPagesOnlyAsItIsConsumed() {
        api.on("GET", "/accounts", request -> {
            String cursor = request.query().get("cursor");
            return page(cursor == null ? 0 : cursorPosition(cursor), Integer.parseInt(request.query().get("limit")), true);
        });
        List<String> first = client.accounts().stream(ListOptions.builder().limit(100).build()).limit(150)
                .map(CrmRecord::getId).toList();
        assertEquals(IDS.subList(0, 150), first);
        assertEquals(2, api.requests("GET", "/accounts").size());
    }

    @Test
    void withoutCursorsIterationPagesByOffset() {
        api.on("GET", "/accounts", request -> page(Integer.parseInt(request.query().getOrDefault("offset", "0")),
                Integer.parseInt(request.query().get("limit")), false));
        List<String> seen = client.accounts().stream().map(CrmRecord::getId).collect(Collectors.toList());
        assertEquals(IDS, seen);
        assertEquals(List.of("0", "200", "400"), api.requests("GET", "/accounts").stream()
                .map(r -> r.query().getOrDefault("offset", "0")).toList());
    }

    @Test
    void onePageCarriesThePagingMetadata() {
        api.on("GET", "/accounts", request -> page(0, 20, true));
        var page = client.accounts().list(ListOptions.builder().filter("Industry", "=", "Technology").limit(20).build());
        assertEquals(20, page.size());
        assertEquals(450, page.totalCount());
        assertTrue(page.hasMore());
        assertTrue(page.totalCountExact());
        assertEquals(20, cursorPosition(page.nextCursor()));
        assertEquals("20", api.requests().get(0).query().get("limit"));
    }

    @Test
    void queryAllPagesTheQueryByCursorInTheBody() {
        api.on("POST", "/query", request -> {
            JsonNode body = request.json();
            int start = body.hasNonNull("cursor") ? cursorPosition(body.get("cursor").asText()) : 0;
            return page(start, body.get("limit").asInt(), true);
        });
        Query query = Query.from("accounts").fields("Name").where("Name", "like", "Account %").sort("Name", "asc");

        List<String> seen = client.queryAll(query).map(CrmRecord::getId).toList();

        assertEquals(IDS, seen);
        List<FakeApi.Request> calls = api.requests("POST", "/query");
        assertEquals(3, calls.size());
        JsonNode second = calls.get(1).json();
        assertEquals("Account", second.get("object").asText());
        assertEquals(200, second.get("limit").asInt());
        assertEquals(200, cursorPosition(second.get("cursor").asText()));
        assertFalse(second.has("offset"));
        assertEquals("[[\"Name\",\"like\",\"Account %\"]]", second.get("filters").toString());
        assertFalse(query.toMap().containsKey("cursor"), "the caller's query is left as it was");
    }

    @Test
    void webhooksAreListedPageAfterPageByOffset() {
        api.on("GET", "/webhooks", request -> {
            int offset = Integer.parseInt(request.query().getOrDefault("offset", "0"));
            int total = 250;
            ObjectNode page = FakeApi.JSON.createObjectNode();
            ArrayNode hooks = page.putArray("webhooks");
            for (int i = offset; i < Math.min(total, offset + 200); i++) {
                hooks.addObject().put("id", "wh_" + i).put("name", "hook " + i).put("active", true);
            }
            page.put("totalCount", total).put("hasMore", offset + 200 < total).put("limit", 200).put("offset", offset);
            return Response.ok(page.toString());
        });
        assertEquals(250, client.webhooks().stream().map(w -> w.id()).distinct().count());
        assertEquals(Map.of("limit", "200", "offset", "200"), api.requests("GET", "/webhooks").get(1).query());
    }
}
