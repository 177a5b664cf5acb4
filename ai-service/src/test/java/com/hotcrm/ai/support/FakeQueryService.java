package com.hotcrm.ai.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for query-service's {@code POST /v1/query} in ai-service's own tests (the e2e tests use the real
 * one): it holds records put by the test, answers {@code =} and {@code in} filters over them, and leaves
 * out the ids a test marks as hidden (from everyone, or from one caller), as query-service would for a record the
 * caller may not read.
 */
public class FakeQueryService implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Map<String, ObjectNode>> RECORDS = new ConcurrentHashMap<>();
    private static final Set<String> HIDDEN = ConcurrentHashMap.newKeySet();
    private static final Map<String, Set<String>> HIDDEN_FROM = new ConcurrentHashMap<>();
    /** records-service's write-backs received, by record id; and the callers it refuses them to (no edit rights). */
    private static final Map<String, List<JsonNode>> WRITTEN = new ConcurrentHashMap<>();
    private static final Set<String> MAY_NOT_EDIT = ConcurrentHashMap.newKeySet();
    private static HttpServer server;
    /** KnowledgeArticle's access settings as records-service describes them: its sharing, the roles that may not read it. */
    private static volatile String articleSharing = "public_read_only";
    private static final Set<String> MAY_NOT_READ_ARTICLES = ConcurrentHashMap.newKeySet();
    /** POST /v1/query calls received, by caller. */
    private static final Map<String, java.util.concurrent.atomic.AtomicInteger> QUERIES = new ConcurrentHashMap<>();

    /** The sharing records-service reports for KnowledgeArticle (private, public_read_only...). */
    public static void articleSharing(String sharing) {
        articleSharing = sharing;
    }

    /** KnowledgeArticle fields records-service reports hidden, by field and role. */
    private static final Map<String, Set<String>> HIDDEN_ARTICLE_FIELDS = new ConcurrentHashMap<>();

    private static volatile boolean settingsDown;

    /** records-service's access settings answer 500 (down) or again as usual. */
    public static void articleSettingsDown(boolean down) {
        settingsDown = down;
    }

    /** Hides (or shows again) a KnowledgeArticle field from a role, as records-service reports it. */
    public static void articleFieldHidden(String field, String role, boolean hidden) {
        if (hidden) {
            HIDDEN_ARTICLE_FIELDS.computeIfAbsent(field, f -> ConcurrentHashMap.newKeySet()).add(role);
        } else {
            HIDDEN_ARTICLE_FIELDS.getOrDefault(field, Set.of()).remove(role);
        }
    }

    /** Whether a role may read KnowledgeArticle records at all, as records-service reports it. */
    public static void articlesReadableBy(String role, boolean readable) {
        if (readable) {
            MAY_NOT_READ_ARTICLES.remove(role);
        } else {
            MAY_NOT_READ_ARTICLES.add(role);
        }
    }

    /** Queries a caller has made so far. */
    public static int queries(String userId) {
        java.util.concurrent.atomic.AtomicInteger n = QUERIES.get(userId);
        return n == null ? 0 : n.get();
    }

    /** Each query of an object, by the cursor it carried ("" for a first page), in the order they came. */
    private static final Map<String, List<String>> PAGES_ASKED = new ConcurrentHashMap<>();
    private static final Set<String> UNAVAILABLE_AFTER_FIRST_PAGE = ConcurrentHashMap.newKeySet();

    public static List<String> pagesAsked(String object) {
        return List.copyOf(PAGES_ASKED.getOrDefault(object, List.of()));
    }

    /** While on, a query of the object that carries a cursor (any page after the first) is answered 503. */
    public static void unavailableAfterFirstPage(String object, boolean unavailable) {
        if (unavailable) {
            UNAVAILABLE_AFTER_FIRST_PAGE.add(object);
        } else {
            UNAVAILABLE_AFTER_FIRST_PAGE.remove(object);
        }
    }

    public static void put(String object, Map<String, Object> record) {
        RECORDS.computeIfAbsent(object, o -> new ConcurrentHashMap<>())
                .put(String.valueOf(record.get("Id")), JSON.valueToTree(record));
    }

    public static void remove(String object, String id) {
        RECORDS.getOrDefault(object, Map.of()).remove(id);
    }

    public static void hide(String id) {
        HIDDEN.add(id);
    }

    public static void show(String id) {
        HIDDEN.remove(id);
    }

    /** Leaves the record out for one caller only (the {@code sub} of the token ai-service passes on). */
    public static void hideFrom(String userId, String id) {
        HIDDEN_FROM.computeIfAbsent(userId, u -> ConcurrentHashMap.newKeySet()).add(id);
    }

    /** The {@code sub} of the bearer token a request carries (not verified: the fake only tells callers apart). */
    /** The bodies records-service's internal write-back received for a record, oldest first. */
    public static List<JsonNode> written(String id) {
        return WRITTEN.getOrDefault(id, List.of());
    }

    /** records-service refuses this user's write-backs, as it does for a caller without edit rights (403). */
    public static void mayNotEdit(String userId) {
        MAY_NOT_EDIT.add(userId);
    }

    /** The claims of the bearer token a request carries (not verified). */
    private static JsonNode claims(com.sun.net.httpserver.HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return JSON.createObjectNode();
        }
        String[] parts = authorization.substring(7).split("\\.");
        try {
            return parts.length < 2 ? JSON.createObjectNode() : JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return JSON.createObjectNode();
        }
    }

    private static String caller(com.sun.net.httpserver.HttpExchange exchange) {
        return claims(exchange).path("sub").asText("");
    }

    @Override
    public Map<String, String> start() {
        server = FakeHttp.start("/v1/query", exchange -> {
            JsonNode query = JSON.readTree(FakeHttp.body(exchange));
            // like query-service: a filter on a field hidden from the caller's role is a field that does not exist
            if ("KnowledgeArticle".equals(query.path("object").asText())) {
                for (JsonNode filter : query.path("filters")) {
                    for (JsonNode role : claims(exchange).path("groups")) {
                        if (HIDDEN_ARTICLE_FIELDS.getOrDefault(filter.path(0).asText(), Set.of()).contains(role.asText())) {
                            FakeHttp.json(exchange, 400, "{\"error\":{\"code\":\"VALIDATION_ERROR\",\"message\":\"Unknown field\"}}");
                            return;
                        }
                    }
                }
            }
            QUERIES.computeIfAbsent(caller(exchange), c -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            Set<String> hiddenFromCaller = HIDDEN_FROM.getOrDefault(caller(exchange), Set.of());
            List<JsonNode> records = new ArrayList<>();
            for (ObjectNode record : RECORDS.getOrDefault(query.path("object").asText(), Map.of()).values()) {
                String id = record.path("Id").asText();
                if (!HIDDEN.contains(id) && !hiddenFromCaller.contains(id) && matches(record, query.path("filters"))) {
                    records.add(record);
                }
            }
            // pages as query-service's: in Id order here, at most `limit`, the next after the cursor (the last Id sent)
            String object = query.path("object").asText();
            String cursor = query.path("cursor").asText(null);
            PAGES_ASKED.computeIfAbsent(object, o -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(cursor == null ? "" : cursor);
            if (cursor != null && UNAVAILABLE_AFTER_FIRST_PAGE.contains(object)) {
                FakeHttp.json(exchange, 503, "{\"error\":{\"code\":\"SERVER_ERROR\",\"message\":\"down\"}}");
                return;
            }
            records.sort(java.util.Comparator.comparing(record -> record.path("Id").asText()));
            int total = records.size();
            if (cursor != null) {
                records.removeIf(record -> record.path("Id").asText().compareTo(cursor) <= 0);
            }
            int limit = query.path("limit").asInt(0);
            boolean more = limit > 0 && records.size() > limit;
            if (more) {
                records = new ArrayList<>(records.subList(0, limit));
            }
            ObjectNode page = JSON.createObjectNode();
            page.set("records", JSON.valueToTree(records));
            page.put("totalCount", total);
            if (more) {
                page.put("nextCursor", records.get(records.size() - 1).path("Id").asText());
            } else {
                page.putNull("nextCursor");
            }
            FakeHttp.json(exchange, 200, page.toString());
        });
        // records-service's internal write-back of computed fields, on the same server
        server.createContext("/internal/records", exchange -> {
            if (MAY_NOT_EDIT.contains(caller(exchange))) {
                FakeHttp.json(exchange, 403, "{\"error\":{\"code\":\"PERMISSION_ERROR\",\"message\":\"no edit rights\"}}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String id = path.substring(path.lastIndexOf('/') + 1);
            JsonNode body = JSON.readTree(FakeHttp.body(exchange));
            WRITTEN.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(body);
            FakeHttp.json(exchange, 200, ((ObjectNode) body.deepCopy()).put("Id", id).toString());
        });
        // records-service's access settings of an object: every role reads and none views all, by default
        server.createContext("/v1/metadata/permissions", exchange -> {
            if (settingsDown) {
                FakeHttp.json(exchange, 500, "{\"error\":{\"code\":\"SERVER_ERROR\",\"message\":\"down\"}}");
                return;
            }
            ObjectNode described = JSON.createObjectNode().put("object", "KnowledgeArticle").put("sharing", articleSharing);
            ObjectNode roles = described.putObject("roles");
            for (String role : List.of("admin", "sales_manager", "sales_rep", "support_agent", "read_only")) {
                boolean read = !MAY_NOT_READ_ARTICLES.contains(role);
                boolean all = role.equals("admin");
                roles.putObject(role).put("read", read).put("create", all).put("edit", all).put("delete", all)
                        .put("viewAll", all).put("modifyAll", all);
            }
            ObjectNode fields = described.putObject("fields");
            HIDDEN_ARTICLE_FIELDS.forEach((field, hiddenFrom) -> hiddenFrom.forEach(role ->
                    (fields.has(field) ? (ObjectNode) fields.get(field) : fields.putObject(field)).put(role, "hidden")));
            FakeHttp.json(exchange, 200, described.toString());
        });
        return Map.of("quarkus.rest-client.query.url", FakeHttp.url(server), "quarkus.rest-client.records.url",
                FakeHttp.url(server));
    }

    private static boolean matches(JsonNode record, JsonNode filters) {
        for (JsonNode f : filters) {
            JsonNode value = record.path(f.get(0).asText());
            String op = f.get(1).asText();
            JsonNode expected = f.get(2);
            boolean ok = switch (op) {
                case "=" -> value.equals(expected);
                case "in" -> {
                    boolean any = false;
                    for (JsonNode e : expected) {
                        any |= value.equals(e);
                    }
                    yield any;
                }
                default -> throw new IllegalArgumentException("the fake query-service does not know " + op);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
