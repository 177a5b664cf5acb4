package com.hotcrm.e2e.faults;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.e2e.RunningSuite;

import io.restassured.http.ContentType;

/**
 * A seeded sweep of malformed input over every endpoint, through the gateway: bodies of the wrong type,
 * unknown keys, malformed and truncated JSON, NUL and lone surrogates, deep nesting, huge numbers and
 * strings, injection strings in every path segment and parameter. Every answer is below 500 and, when it
 * is an error, the envelope; afterwards no record and no column was added. The seed
 * ({@code -Dhotcrm.sweep.seed}, default 20261205) makes a failure repeatable.
 */
@ExtendWith(RunningSuite.class)
class MalformedInputIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long SEED = Long.getLong("hotcrm.sweep.seed", 20261205L);

    static final String[] NASTY = { "' OR 1=1 --", "\"; DROP TABLE crm.account; --", "\u0000", "a\u0000b", "\uD800",
            "\uDC00x", "\u202Eevil", "$currentUser", "${jndi:ldap://127.0.0.1/x}", "../../etc/passwd", "<script>x</script>",
            "%00", "%", "\\", "null", "[]", "{}", "1e309", "-0", "99999999999999999999999999999", "\uD83D\uDE00",
            "x".repeat(3000), "Name", "Id", "count", "__proto__", "\"", "'", ";", "--", "/*", "\t\r\n" };

    /** JSON-bodied writes and questions: method, path. */
    static final String[][] BODY_ENDPOINTS = { { "POST", "/v1/accounts" }, { "POST", "/v1/contacts" },
            { "POST", "/v1/opportunities" }, { "POST", "/v1/leads" }, { "POST", "/v1/cases" }, { "POST", "/v1/activities" },
            { "PATCH", "/v1/accounts/{id}" }, { "PUT", "/v1/accounts/{id}" }, { "POST", "/v1/batch/accounts" },
            { "PATCH", "/v1/batch/accounts" }, { "DELETE", "/v1/batch/accounts" }, { "POST", "/v1/query" },
            { "POST", "/v1/accounts/groupby" }, { "POST", "/v1/opportunities/groupby" }, { "POST", "/v1/metadata/objects" },
            { "POST", "/v1/metadata/objects/Account/fields" }, { "POST", "/v1/metadata/shares" },
            { "POST", "/v1/ai/briefing" }, { "POST", "/v1/ai/case-categorize" }, { "POST", "/v1/ai/product-recommend" },
            { "POST", "/v1/ai/transcribe" }, { "POST", "/v1/ai/knowledge/search" }, { "POST", "/v1/ai/knowledge/ask" },
            { "POST", "/v1/ai/lead-score/{id}" }, { "POST", "/v1/ai/win-prediction/{id}" }, { "POST", "/v1/webhooks" },
            { "PATCH", "/v1/webhooks/{webhook}" }, { "POST", "/v1/auth/api-tokens" }, { "POST", "/v1/users" },
            { "PATCH", "/v1/users/{me}" }, { "POST", "/v1/auth/refresh" }, { "POST", "/v1/auth/logout" } };

    /** Reads whose path segments and parameters take the nasty strings. */
    static final String[] READ_PATHS = { "/v1/accounts/{x}", "/v1/{x}", "/v1/{x}/{x}", "/v1/accounts/count",
            "/v1/accounts/sum/{x}", "/v1/accounts/avg/{x}", "/v1/metadata/objects/{x}", "/v1/metadata/permissions/{x}",
            "/v1/webhooks/{x}", "/v1/webhooks/{x}/deliveries", "/v1/users/{x}", "/v1/ai/lead-score/{x}" };
    static final String[] PARAMS = { "fields", "filters", "sort", "limit", "offset", "cursor", "count", "status" };

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<String> failures = new ArrayList<>();
    int sent;

    @Test
    void noMalformedInputGetsA5xxOrABareStatusOrChangesData() throws Exception {
        Random random = new Random(SEED);
        String base = RunningSuite.suite().gatewayUrl();
        String token = adminToken();
        String account = given().contentType(ContentType.JSON).body(Map.of("Name", "Sweep Target"))
                .when().post("/v1/accounts").then().statusCode(201).extract().path("Id");
        String webhook = given().contentType(ContentType.JSON).body(Map.of("name", "sweep", "object", "Account",
                "events", List.of("create"), "url", "http://127.0.0.1:9/sweep"))
                .when().post("/v1/webhooks").then().statusCode(201).extract().path("id");
        long accountsBefore = accountCount();
        String schemaBefore = schema();

        for (String[] endpoint : BODY_ENDPOINTS) {
            String path = endpoint[1].replace("{id}", account).replace("{webhook}", webhook).replace("{me}", "me");
            for (String body : bodies(random)) {
                send(token, endpoint[0], base + path, body.getBytes(StandardCharsets.UTF_8));
            }
            // bytes that are no UTF-8 at all, and a lone surrogate written raw
            send(token, endpoint[0], base + path, new byte[] { '{', '"', 'N', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' });
            send(token, endpoint[0], base + path, new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}' });
        }
        for (String template : READ_PATHS) {
            for (int i = 0; i < 12; i++) {
                String path = template;
                while (path.contains("{x}")) {
                    path = path.replaceFirst("\\{x\\}", java.util.regex.Matcher.quoteReplacement(segment(random)));
                }
                String param = PARAMS[random.nextInt(PARAMS.length)];
                send(token, "GET", base + path + "?" + param + "=" + encode(nasty(random)), null);
                send(token, "DELETE", base + path, null);
            }
        }
        for (String param : PARAMS) {
            for (String value : NASTY) {
                send(token, "GET", base + "/v1/accounts?" + param + "=" + encode(value), null);
                send(token, "GET", base + "/v1/accounts/count?" + param + "=" + encode(value), null);
            }
        }

        assertTrue(failures.isEmpty(), failures.size() + " of " + sent + " malformed requests were mishandled (seed "
                + SEED + "):\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        assertEquals(accountsBefore, accountCount(), "no account was created or deleted by malformed input");
        assertEquals(schemaBefore, schema(), "no object or field was added");
        System.out.println("[faults] malformed-input sweep: " + sent + " requests over " + BODY_ENDPOINTS.length
                + " bodied endpoints and " + READ_PATHS.length + " read paths, none answered 5xx or outside the envelope");
    }

    private List<String> bodies(Random random) {
        List<String> bodies = new ArrayList<>(List.of("", "null", "[]", "42", "\"text\"", "true", "{", "{\"Name\":",
                "{\"Name\": \"x\",}", "{\"a\":1}{\"b\":2}", "[{\"Name\": \"x\"}]", "{\"records\": \"x\"}",
                "{\"records\": [1, 2]}", "{\"updates\": [{}]}", "{\"ids\": [null]}", "{\"object\": 7}",
                "{\"filters\": {\"$where\": 1}}", "{\"groupBy\": [[[]]]}", "{\"email\": [], \"password\": {}}",
                "{\"Name\": \"\\u0000\"}", "{\"Name\": \"\\ud800\"}", "{\"Name\": 1e999}", "{\"AnnualRevenue\": 1e309}",
                "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000)));
        for (int i = 0; i < 6; i++) {
            // an object with at least one key no endpoint knows, and nasty values everywhere
            StringBuilder body = new StringBuilder("{\"zz_" + random.nextInt(1000) + "\": " + value(random));
            for (int k = random.nextInt(4); k > 0; k--) {
                body.append(", ").append(JSON.valueToTree(nasty(random)).toString()).append(": ").append(value(random));
            }
            bodies.add(body.append('}').toString());
        }
        return bodies;
    }

    private String value(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> JSON.valueToTree(nasty(random)).toString();
            case 1 -> Long.toString(random.nextLong());
            case 2 -> "[" + JSON.valueToTree(nasty(random)) + ", {}, [null]]";
            case 3 -> "{\"$gt\": " + JSON.valueToTree(nasty(random)) + "}";
            case 4 -> "1" + "0".repeat(400);
            default -> "null";
        };
    }

    private static String nasty(Random random) {
        return NASTY[random.nextInt(NASTY.length)];
    }

    private static String segment(Random random) {
        String value = nasty(random);
        return value.isEmpty() ? "x" : encode(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void send(String token, String method, String url, byte[] body) {
        sent++;
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token);
        } catch (IllegalArgumentException notAUri) {
            return; // the client itself refuses it: nothing reaches the suite
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        String what = method + " " + shorten(url) + (body == null ? "" : " body " + shorten(new String(body, StandardCharsets.UTF_8)));
        try {
            HttpResponse<String> response = http.send(request.method(method, publisher).build(),
                    HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 500) {
                failures.add(status + " for " + what + ": " + shorten(response.body()));
            } else if (status >= 400 && !isEnvelope(response.body())) {
                failures.add(status + " without the envelope for " + what + ": " + shorten(response.body()));
            }
        } catch (java.io.IOException e) {
            failures.add("no answer for " + what + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isEnvelope(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.path("code").isTextual() && error.path("message").isTextual() && error.path("details").isArray();
        } catch (Exception e) {
            return false;
        }
    }

    private static String shorten(String text) {
        String printable = text == null ? "" : text.replace("\u0000", "\\0");
        return printable.length() <= 160 ? printable : printable.substring(0, 160) + "…(" + printable.length() + ")";
    }

    private static String adminToken() {
        return given().contentType(ContentType.JSON).auth().none()
                .body(Map.of("email", RunningSuite.suite().admin().email(), "password", RunningSuite.suite().admin().password()))
                .when().post("/v1/auth/token").then().statusCode(200).extract().path("token");
    }

    private static long accountCount() {
        return ((Number) given().when().get("/v1/accounts/count").then().statusCode(200).extract().path("count")).longValue();
    }

    private static String schema() {
        return given().when().get("/v1/metadata/objects").then().statusCode(200).extract().asString()
                + given().when().get("/v1/metadata/objects/Account").then().statusCode(200).extract().asString();
    }
}
