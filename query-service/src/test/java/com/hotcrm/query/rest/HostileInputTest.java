package com.hotcrm.query.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.query.CrmFixture;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.RestAssured;
import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;

/**
 * Hostile input in every part of every read request (fields, filters, sort, groupBy, having, aggregations,
 * related, paging, the object itself): quotes, comments, statement separators, NUL and direction-changing
 * characters, huge numbers, nested arrays, operator names and {@code $} variables where names belong, very
 * long strings. Each is a 400 or 404 in the error envelope whose message says what is wrong (never a 500,
 * never SQL), and the data is the same afterwards.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A hostile value: as JSON (a string, or raw JSON such as a huge number), and as query-string text. */
    record Hostile(String label, String json, String text) {
        static Hostile string(String label, String value) {
            try {
                return new Hostile(label, JSON.writeValueAsString(value), value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static Hostile raw(String label, String json) {
            return new Hostile(label, json, json);
        }

        boolean isString() {
            return json.startsWith("\"");
        }
    }

    static final List<Hostile> STRINGS = List.of(
            Hostile.string("quote", "'"),
            Hostile.string("double quote", "\""),
            Hostile.string("closing quote and delete", "Name'; DELETE FROM crm.account; --"),
            Hostile.string("quoted identifier and drop", "Name\"; DROP TABLE crm.account; --"),
            Hostile.string("line comment", "Name -- x"),
            Hostile.string("block comment", "Name/**/"),
            Hostile.string("separator", ";"),
            Hostile.string("stacked statement", "Name; SELECT pg_sleep(5)"),
            Hostile.string("tautology", "' OR '1'='1"),
            Hostile.string("parenthesis", "Id) OR (1=1"),
            Hostile.string("qualified column", "a0.\"name\""),
            Hostile.string("schema table", "crm.account"),
            Hostile.string("NUL", "\u0000"),
            Hostile.string("NUL inside", "Name\u0000"),
            Hostile.string("right-to-left override", "\u202EemaN"),
            Hostile.string("right-to-left mark", "Na\u200Fme"),
            Hostile.string("byte order mark", "\uFEFFName"),
            Hostile.string("non-latin", "名前☺"),
            Hostile.string("$currentUser", "$currentUser"),
            Hostile.string("$now", "$now"),
            Hostile.string("$today", "$today"),
            Hostile.string("$where", "$where"),
            Hostile.string("$or", "$or"),
            Hostile.string("$gt", "$gt"),
            Hostile.string("operator in", "in"),
            Hostile.string("operator not in", "not in"),
            Hostile.string("operator between", "between"),
            Hostile.string("operator is null", "is null"),
            Hostile.string("operator =", "="),
            Hostile.string("percent", "%"),
            Hostile.string("backslash", "\\"),
            Hostile.string("long", "N".repeat(100_000)));

    static final List<Hostile> RAW = List.of(
            Hostile.raw("huge exponent", "1e99999999"),
            Hostile.raw("negative huge exponent", "-1e400"),
            Hostile.raw("huge integer", "1234567890123456789012345678901234567890123"),
            Hostile.raw("nested arrays", "[[[[[\"x\"]]]]]"),
            Hostile.raw("deeply nested arrays", "[".repeat(400) + "]".repeat(400)),
            Hostile.raw("operator object", "{\"$gt\": 1}"),
            Hostile.raw("boolean", "true"));

    /** Markers of SQL or Java internals: a message may hold them only if the request did. */
    private static final List<String> INTERNALS = List.of("t0.", "\"t0\"", "SQLSTATE", "syntax error", "ERROR:", "Exception",
            "crm.\"", "row_number", "ILIKE", "IS DISTINCT", "= ANY(", "$1", "io.vertx", "java.", "at character");

    /** A request: the method, the path, its query parameters and body. */
    record Call(String method, String path, Map<String, String> query, String body) {
        @Override
        public String toString() {
            String shown = method + " " + path + " " + query + " " + (body == null ? "" : body);
            return shown.length() > 200 ? shown.substring(0, 200) + "…" : shown;
        }
    }

    private static String checksum;

    @Inject
    MetadataRepository metadata;

    @BeforeEach
    void data() {
        CrmFixture.ensure(metadata);
        await().untilAsserted(() -> given().when().get("/v1/accounts").then().statusCode(200));
        if (checksum == null) {
            checksum = checksum();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slots")
    void hostileInputIsAClientErrorInTheEnvelopeAndChangesNothing(String slot, List<Attack> attacks) throws Exception {
        List<String> failures = new ArrayList<>();
        for (Attack attack : attacks) {
            Call call = attack.call();
            HttpResponse<String> response = send(call);
            String problem = problem(call, response);
            if (problem != null) {
                failures.add(attack.label() + ": " + call + " answered " + response.statusCode() + " " + abbreviate(response.body())
                        + " (" + problem + ")");
            }
        }
        assertEquals(List.of(), failures, slot);
        assertEquals(checksum, checksum(), "the data is unchanged");
    }

    /** What is wrong with this answer, or null: a 400 or 404 in the envelope, a message, and nothing internal. */
    private static String problem(Call call, HttpResponse<String> response) {
        if (response.statusCode() != 400 && response.statusCode() != 404) {
            return "not a 400 or 404";
        }
        JsonNode error;
        try {
            error = JSON.readTree(response.body()).path("error");
        } catch (JsonProcessingException e) {
            return "not JSON";
        }
        if (!Set.of("VALIDATION_ERROR", "NOT_FOUND").contains(error.path("code").asText()) || !error.path("details").isArray()
                || !error.path("message").isTextual() || error.path("message").asText().isBlank()) {
            return "not the error envelope";
        }
        String request = call.path() + call.query() + call.body();
        for (String internal : INTERNALS) {
            if (!request.contains(internal) && error.path("message").asText().contains(internal)) {
                return "the message shows " + internal;
            }
        }
        return null;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("textValues")
    void hostileTextAsAValueIsJustAValue(String label, String value) {
        List<Object> expected = Arrays.stream(CrmFixture.ACCOUNTS).filter(a -> a[1].equals(value)).map(a -> a[0]).toList();
        String filters = "[[\"Name\", \"=\", " + Hostile.string(label, value).json() + "]]";
        given().queryParam("filters", filters).when().get("/v1/accounts")
                .then().statusCode(200).body("records.Id", equalTo(expected));
        given().contentType(ContentType.JSON).body("{\"object\": \"Account\", \"filters\": {\"Name\": {\"$in\": ["
                + Hostile.string(label, value).json() + "]}}}")
                .when().post("/v1/query")
                .then().statusCode(200).body("records.Id", equalTo(expected));
        assertEquals(checksum, checksum(), "the data is unchanged");
    }

    static Stream<Arguments> textValues() {
        List<Arguments> values = new ArrayList<>();
        STRINGS.stream().filter(h -> !h.text().contains("\u0000") && h.text().length() <= 10_000)
                .forEach(h -> values.add(Arguments.of(h.label(), h.text())));
        values.add(Arguments.of("a name with quotes and a separator", CrmFixture.ACCOUNTS[7][1]));
        return values.stream();
    }

    /** One hostile request: which part of which request it attacks, with what. */
    record Attack(String slot, String label, Call call) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> slots() {
        Map<String, List<Attack>> bySlot = new LinkedHashMap<>();
        attacks().forEach(a -> bySlot.computeIfAbsent(a.slot(), k -> new ArrayList<>()).add(a));
        return bySlot.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static Stream<Attack> attacks() {
        List<Attack> attacks = new ArrayList<>();
        for (Hostile h : STRINGS) {
            String text = h.text().length() > 1000 ? h.text().substring(0, 1000) : h.text(); // query strings stay short
            // GET /v1/{object}: names in fields and sort, paging parameters, the object
            attacks.add(get("GET fields", h, "/v1/accounts", Map.of("fields", "Name," + text)));
            attacks.add(get("GET sort", h, "/v1/accounts", Map.of("sort", text)));
            attacks.add(get("GET sort descending", h, "/v1/accounts", Map.of("sort", "-" + text)));
            attacks.add(get("GET limit", h, "/v1/accounts", Map.of("limit", text)));
            attacks.add(get("GET offset", h, "/v1/accounts", Map.of("offset", text)));
            attacks.add(get("GET cursor", h, "/v1/accounts", Map.of("cursor", text)));
            attacks.add(get("GET filters as text", h, "/v1/accounts", Map.of("filters", text)));
            attacks.add(get("GET object", h, "/v1/" + encode(text), Map.of()));
            attacks.add(get("GET sum field", h, "/v1/accounts/sum/" + encode(text), Map.of()));
            attacks.add(get("GET count filters", h, "/v1/accounts/count", Map.of("filters", "[[\"Name\", "
                    + Hostile.string(h.label(), text).json() + ", 1]]")));
        }
        List<Hostile> all = new ArrayList<>(STRINGS);
        all.addAll(RAW);
        for (Hostile h : all) {
            String v = h.json();
            if (v.length() < 3000) {
                attacks.add(get("GET filter field", h, "/v1/accounts", Map.of("filters", "[[" + v + ", \"=\", \"x\"]]")));
                attacks.add(get("GET filter operator", h, "/v1/accounts", Map.of("filters", "[[\"Name\", " + v + ", \"x\"]]")));
                attacks.add(get("GET number filter value", h, "/v1/accounts", Map.of("filters", "[[\"AnnualRevenue\", \">\", " + v + "]]")));
                attacks.add(get("GET avg filters", h, "/v1/opportunities/avg/Amount", Map.of("filters", "[[\"Amount\", \"in\", [" + v + "]]]")));
            }
            // POST /v1/query
            attacks.add(query("query fields", h, "{\"object\": \"Account\", \"fields\": [\"Name\", " + v + "]}"));
            attacks.add(query("query filter field", h, "{\"object\": \"Account\", \"filters\": [[" + v + ", \"=\", \"x\"]]}"));
            attacks.add(query("query filter operator", h, "{\"object\": \"Account\", \"filters\": [[\"Name\", " + v + ", \"x\"]]}"));
            attacks.add(query("query number filter value", h, "{\"object\": \"Account\", \"filters\": [[\"AnnualRevenue\", \">=\", " + v + "]]}"));
            attacks.add(query("query date filter value", h, "{\"object\": \"Opportunity\", \"filters\": [[\"CloseDate\", \"between\", [\"2020-01-01\", "
                    + v + "]]]}"));
            attacks.add(query("query last_n_days", h, "{\"object\": \"Opportunity\", \"filters\": [[\"CloseDate\", \"last_n_days\", " + v + "]]}"));
            attacks.add(query("query object-form operator", h, "{\"object\": \"Account\", \"filters\": {\"Name\": {" + key(h) + ": \"x\"}}}"));
            attacks.add(query("query object-form field", h, "{\"object\": \"Account\", \"filters\": {" + key(h) + ": {\"$eq\": \"x\"}}}"));
            attacks.add(query("query sort", h, "{\"object\": \"Account\", \"sort\": [[" + v + ", \"desc\"]]}"));
            attacks.add(query("query sort direction", h, "{\"object\": \"Account\", \"sort\": [[\"Name\", " + v + "]]}"));
            attacks.add(query("query limit", h, "{\"object\": \"Account\", \"limit\": " + v + "}"));
            attacks.add(query("query offset", h, "{\"object\": \"Account\", \"offset\": " + v + "}"));
            attacks.add(query("query related name", h, "{\"object\": \"Account\", \"related\": {" + key(h) + ": {}}}"));
            attacks.add(query("query related spec", h, "{\"object\": \"Account\", \"related\": {\"Contacts\": " + v + "}}"));
            attacks.add(query("query related key", h, "{\"object\": \"Account\", \"related\": {\"Contacts\": {" + key(h) + ": 1}}}"));
            attacks.add(query("query related fields", h, "{\"object\": \"Account\", \"related\": {\"Contacts\": {\"fields\": [" + v + "]}}}"));
            attacks.add(query("query related filters", h, "{\"object\": \"Account\", \"related\": {\"Contacts\": {\"filters\": [["
                    + v + ", \"=\", 1]]}}}"));
            attacks.add(query("query related sort", h, "{\"object\": \"Account\", \"related\": {\"Contacts\": {\"sort\": [" + v + "]}}}"));
            attacks.add(query("query related limit", h, "{\"object\": \"Account\", \"related\": {\"Contacts\": {\"limit\": " + v + "}}}"));
            attacks.add(query("query parent related", h, "{\"object\": \"Opportunity\", \"related\": {\"Account\": {\"related\": {"
                    + key(h) + ": {}}}}}"));
            attacks.add(query("query parent fields", h, "{\"object\": \"Opportunity\", \"related\": {\"Account\": {\"fields\": " + v + "}}}"));
            if (!h.isString()) {
                attacks.add(query("query object", h, "{\"object\": " + v + "}"));
                attacks.add(query("query related", h, "{\"object\": \"Account\", \"related\": " + v + "}"));
                attacks.add(query("query body", h, v));
                attacks.add(groupBy("groupby body", h, v));
            } else {
                attacks.add(query("query object", h, "{\"object\": " + v + "}"));
            }
            // POST /v1/{object}/groupby
            String count = "\"aggregations\": {\"n\": {\"function\": \"COUNT\"}}";
            attacks.add(groupBy("groupBy", h, "{\"groupBy\": " + v + ", " + count + "}"));
            attacks.add(groupBy("groupBy list", h, "{\"groupBy\": [\"Industry\", " + v + "], " + count + "}"));
            if (h.isString()) {
                attacks.add(groupBy("groupBy date part", h, "{\"groupBy\": " + Hostile.string("", "CreatedDate." + h.text()).json() + ", "
                        + count + "}"));
            }
            if (!Pattern.matches("[A-Za-z][A-Za-z0-9_]{0,39}", h.text())) { // other names are fine aggregation names
                attacks.add(groupBy("aggregation name", h, "{\"groupBy\": \"Industry\", \"aggregations\": {" + key(h)
                        + ": {\"function\": \"COUNT\"}}}"));
            }
            attacks.add(groupBy("aggregation function", h, "{\"groupBy\": \"Industry\", \"aggregations\": {\"n\": {\"function\": " + v + "}}}"));
            attacks.add(groupBy("aggregation field", h, "{\"groupBy\": \"Industry\", \"aggregations\": {\"n\": {\"function\": \"SUM\", "
                    + "\"field\": " + v + "}}}"));
            attacks.add(groupBy("aggregations", h, "{\"groupBy\": \"Industry\", \"aggregations\": " + v + "}"));
            attacks.add(groupBy("having name", h, "{\"groupBy\": \"Industry\", " + count + ", \"having\": [[" + v + ", \">\", 1]]}"));
            attacks.add(groupBy("having operator", h, "{\"groupBy\": \"Industry\", " + count + ", \"having\": [[\"n\", " + v + ", 1]]}"));
            attacks.add(groupBy("having value", h, "{\"groupBy\": \"Industry\", " + count + ", \"having\": [[\"n\", \">\", " + v + "]]}"));
            attacks.add(groupBy("having", h, "{\"groupBy\": \"Industry\", " + count + ", \"having\": " + v + "}"));
            attacks.add(groupBy("groupby sort", h, "{\"groupBy\": \"Industry\", " + count + ", \"sort\": " + v + "}"));
            attacks.add(groupBy("groupby sort pair", h, "{\"groupBy\": \"Industry\", " + count + ", \"sort\": [[" + v + ", \"desc\"]]}"));
            attacks.add(groupBy("groupby filters", h, "{\"groupBy\": \"Industry\", " + count + ", \"filters\": [[\"AnnualRevenue\", "
                    + "\"between\", [0, " + v + "]]]}"));
        }
        // values that parse but cannot be stored: out-of-range dates, a pattern ending in its escape character
        for (String filter : List.of("[\"CreatedDate\", \">\", \"+999999999-12-31T23:59:59Z\"]",
                "[\"CreatedDate\", \"<\", \"-999999999-01-01T00:00:00Z\"]", "[\"CloseDate\", \"=\", \"+999999999-12-31\"]",
                "[\"CloseDate\", \">\", \"0000-01-01\"]", "[\"CloseDate\", \"=\", \"$now\"]", "[\"Amount\", \"=\", \"$today\"]",
"[\"CloseDate\", \"last_n_days\", 99999999]",
                "[\"Amount\", \"in\", [" + "1,".repeat(1000) + "1]]", "[\"Amount\", \"between\", [1]]", "[\"IsClosed\", \">\", true]")) {
            Hostile h = Hostile.raw(filter, filter);
            attacks.add(get("GET stored value", h, "/v1/opportunities", Map.of("filters", "[" + filter + "]")));
            attacks.add(query("query stored value", h, "{\"object\": \"Opportunity\", \"filters\": [" + filter + "]}"));
        }
        return attacks.stream().filter(a -> !LEGITIMATE.getOrDefault(a.slot(), Set.of()).contains(a.label()));
    }

    /** Slots where a corpus value happens to be a correct request (an operator where operators go, a date variable). */
    private static final Map<String, Set<String>> LEGITIMATE = Map.of(
            "GET filter operator", Set.of("operator ="),
            "query filter operator", Set.of("operator ="),
            "having operator", Set.of("operator ="),
            "query object-form operator", Set.of("$gt"),
            "query date filter value", Set.of("$today"));

    private static String key(Hostile h) {
        return h.isString() ? h.json() : JSON.valueToTree(h.text()).toString();
    }

    private static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Attack get(String slot, Hostile h, String path, Map<String, String> query) {
        return new Attack(slot, h.label(), new Call("GET", path, query, null));
    }

    private static Attack query(String slot, Hostile h, String body) {
        return new Attack(slot, h.label(), new Call("POST", "/v1/query", Map.of(), body));
    }

    private static Attack groupBy(String slot, Hostile h, String body) {
        return new Attack(slot, h.label(), new Call("POST", "/v1/opportunities/groupby", Map.of(), body));
    }

    /** Sent as is, as the tests' caller (a plain HTTP client: fast enough for some two thousand requests, and it changes nothing in them). */
    private static HttpResponse<String> send(Call call) throws Exception {
        StringBuilder uri = new StringBuilder("http://localhost:").append(RestAssured.port).append(call.path());
        String separator = "?";
        for (Map.Entry<String, String> parameter : call.query().entrySet()) {
            uri.append(separator).append(parameter.getKey()).append('=').append(encode(parameter.getValue()));
            separator = "&";
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofSeconds(20));
        if (RestAssured.authentication instanceof PreemptiveOAuth2HeaderScheme bearer) { // the tests' caller, as RestAssured sends it
            request.header("Authorization", "Bearer " + bearer.getAccessToken());
        }
        if (call.body() == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(call.body()));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** Every row of the tables the queries read, and the tables there are. */
    private static String checksum() {
        return CrmFixture.writer().query("SELECT md5(string_agg(x, '|' ORDER BY x)) || ':' || count(*) FROM ("
                + "SELECT 'a' || t::text AS x FROM crm.account t UNION ALL SELECT 'o' || t::text FROM crm.opportunity t "
                + "UNION ALL SELECT 'c' || t::text FROM crm.contact t UNION ALL SELECT 'p' || t::text FROM crm.filter_probe__c t "
                + "UNION ALL SELECT 'm' || t::text FROM crm.object_metadata t "
                + "UNION ALL SELECT 'T' || tablename FROM pg_tables WHERE schemaname = 'crm') rows")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getString(0);
    }
}
