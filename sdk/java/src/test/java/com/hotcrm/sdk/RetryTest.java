package com.hotcrm.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.sdk.FakeApi.Response;

/** 429 and 503 answers are retried after what Retry-After says, a bounded number of times. */
class RetryTest {

    static final String LIMITED = "{\"error\":{\"code\":\"RATE_LIMIT_ERROR\",\"message\":\"Rate limit exceeded\",\"details\":[]}}";
    static final String PAGE = "{\"records\":[{\"Id\":\"acc_1\",\"Name\":\"Acme\"}],\"totalCount\":1,\"hasMore\":false,"
            + "\"limit\":50,\"offset\":0}";

    FakeApi api;
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    HotCRMClient.Builder client() {
        return HotCRMClient.builder().apiKey("hcrm_test_key").baseUrl(api.url());
    }

    HotCRMClient recordingSleeps() {
        return client().sleeper(sleeps::add).build();
    }

    @Test
    void aRateLimitedCallIsRetriedAfterTheRetryAfterItGives() {
        api.script("GET", "/accounts", Response.json(429, LIMITED).header("Retry-After", "1"), Response.ok(PAGE));
        HotCRMClient client = client().build(); // really waits

        long started = System.nanoTime();
        var page = client.accounts().list();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals("Acme", page.records().get(0).getName());
        assertTrue(took.compareTo(Duration.ofMillis(950)) >= 0, "waited the second Retry-After asked for: " + took);
        List<FakeApi.Request> calls = api.requests("GET", "/accounts");
        assertEquals(2, calls.size());
        assertEquals(calls.get(0).header("X-Request-Id"), calls.get(1).header("X-Request-Id"),
                "a retry is the same call: same request id");
    }

    @Test
    void aListenerSeesEveryAttempt() {
        api.script("GET", "/accounts", Response.json(429, LIMITED).header("Retry-After", "0").header("X-RateLimit-Remaining", "0"),
                Response.ok(PAGE).header("X-RateLimit-Remaining", "999"));
        List<com.hotcrm.sdk.model.ApiResponse> seen = new CopyOnWriteArrayList<>();
        client().sleeper(sleeps::add).onResponse(seen::add).build().accounts().list();
        assertEquals(List.of(429, 200), seen.stream().map(com.hotcrm.sdk.model.ApiResponse::status).toList());
        assertEquals(List.of(1, 2), seen.stream().map(com.hotcrm.sdk.model.ApiResponse::attempt).toList());
        assertEquals("999", seen.get(1).header("x-ratelimit-remaining").orElseThrow());
        assertEquals("GET", seen.get(1).method());
        assertEquals(api.url() + "/accounts", seen.get(1).uri().toString());
    }

    @Test
    void serviceUnavailableIsRetriedToo() {
        api.script("POST", "/accounts", Response.error(503, "SERVER_ERROR", "records-service is unavailable")
                .header("Retry-After", "2"), Response.json(201, "{\"Id\":\"acc_2\",\"Name\":\"Beta\"}"));
        var created = recordingSleeps().accounts().create(java.util.Map.of("Name", "Beta"));
        assertEquals("acc_2", created.getId());
        assertEquals(List.of(Duration.ofSeconds(2)), sleeps);
        assertEquals(2, api.requests("POST", "/accounts").size());
    }

    @Test
    void everyWriteCarriesOneIdempotencyKeyForAllItsAttempts() {
        api.script("POST", "/accounts", Response.error(503, "SERVER_ERROR", "down").header("Retry-After", "0"),
                Response.json(201, "{\"Id\":\"acc_2\",\"Name\":\"Beta\"}"));
        HotCRMClient client = recordingSleeps();
        client.accounts().create(java.util.Map.of("Name", "Beta"));
        client.accounts().create(java.util.Map.of("Name", "Beta"));
        List<FakeApi.Request> posts = api.requests("POST", "/accounts");
        assertEquals(3, posts.size());
        String key = posts.get(0).header("Idempotency-Key");
        assertTrue(key != null && key.length() >= 32, "a write carries a key: " + key);
        assertEquals(key, posts.get(1).header("Idempotency-Key"), "its retry carries the same key");
        assertTrue(!key.equals(posts.get(2).header("Idempotency-Key")), "another write, another key");
        api.script("GET", "/accounts", Response.ok(PAGE));
        client.accounts().list();
        assertEquals(null, api.requests("GET", "/accounts").get(0).header("Idempotency-Key"), "reads carry none");
        // nor do the reads sent as POST for their body
        api.script("POST", "/query", Response.ok(PAGE));
        api.script("POST", "/accounts/groupby", Response.ok("{\"groups\":[]}"));
        client.query(Query.from("Account"));
        client.accounts().groupBy(GroupBy.by("Industry").count("n"));
        assertEquals(null, api.requests("POST", "/query").get(0).header("Idempotency-Key"), "a query carries none");
        assertEquals(null, api.requests("POST", "/accounts/groupby").get(0).header("Idempotency-Key"), "a groupBy none");
    }

    @Test
    void aWriteThatGotNoAnswerIsSentAgainUnderItsKeyAndGetsTheFirstAnswer() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        api.on("POST", "/accounts", request -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    Thread.sleep(1000); // the first attempt outlasts the client's timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Response.json(201, "{\"Id\":\"acc_3\"}");
            }
            if (calls.get() == 2) {
                // the gateway: the first attempt is still running
                return Response.error(409, "IDEMPOTENCY_ERROR", "still running").header("Retry-After", "0");
            }
            return Response.json(201, "{\"Id\":\"acc_3\"}").header("Idempotent-Replayed", "true");
        });
        HotCRMClient client = client().timeout(Duration.ofMillis(300)).sleeper(sleeps::add).build();
        assertEquals("acc_3", client.accounts().create(java.util.Map.of("Name", "Gamma")).getId());
        List<FakeApi.Request> posts = api.requests("POST", "/accounts");
        assertEquals(3, posts.size());
        assertEquals(1, posts.stream().map(p -> p.header("Idempotency-Key")).distinct().count(), "one key throughout");
    }

    @Test
    void withoutRetryAfterTheWaitsDoubleFromTheBackoff() {
        api.script("GET", "/accounts", Response.error(503, "SERVER_ERROR", "down"),
                Response.error(503, "SERVER_ERROR", "down"), Response.error(429, "RATE_LIMIT_ERROR", "slow down"),
                Response.ok(PAGE));
        recordingSleeps().accounts().list();
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000)), sleeps);
    }

    @Test
    void retryAfterMayBeAnHttpDate() {
        Instant now = Instant.parse("2026-03-15T10:00:00Z");
        String in90Seconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now.plusSeconds(90),
                ZoneOffset.UTC));
        api.script("GET", "/accounts", Response.json(429, LIMITED).header("Retry-After", in90Seconds),
                Response.ok(PAGE));
        client().sleeper(sleeps::add).clock(java.time.Clock.fixed(now, ZoneOffset.UTC)).maxRetryWait(Duration.ofMinutes(2))
                .build().accounts().list();
        assertEquals(List.of(Duration.ofSeconds(90)), sleeps);
    }

    @Test
    void retriesAreBoundedThenTheErrorIsThrown() {
        api.script("GET", "/accounts", Response.json(429, LIMITED).header("Retry-After", "0"));
        HotCRMClient client = client().maxRetries(2).sleeper(sleeps::add).build();

        HotCRMException error = assertThrows(HotCRMException.class, () -> client.accounts().list());

        assertEquals("RATE_LIMIT_ERROR", error.code());
        assertEquals(429, error.status());
        assertEquals(3, api.requests("GET", "/accounts").size(), "the call and two retries");
        assertEquals(Duration.ZERO, error.retryAfter().orElseThrow());
    }

    @Test
    void aWaitLongerThanMaxRetryWaitIsNotWaitedFor() {
        api.script("GET", "/accounts", Response.json(429, LIMITED).header("Retry-After", "3600"));
        HotCRMClient client = client().maxRetryWait(Duration.ofSeconds(30)).sleeper(sleeps::add).build();

        HotCRMException error = assertThrows(HotCRMException.class, () -> client.accounts().list());

        assertEquals(Duration.ofHours(1), error.retryAfter().orElseThrow());
        assertEquals(1, api.requests("GET", "/accounts").size());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void noRetriesWhenTurnedOffAndNoneForOtherErrors() {
        api.script("GET", "/accounts", Response.json(429, LIMITED).header("Retry-After", "0"));
        assertThrows(HotCRMException.class, () -> client().maxRetries(0).build().accounts().list());
        assertEquals(1, api.requests("GET", "/accounts").size());

        api.script("GET", "/contacts", Response.error(500, "SERVER_ERROR", "boom"));
        assertThrows(HotCRMException.class, () -> recordingSleeps().contacts().list());
        assertEquals(1, api.requests("GET", "/contacts").size(), "a 500 is not retried: the write may have happened");
    }
}
