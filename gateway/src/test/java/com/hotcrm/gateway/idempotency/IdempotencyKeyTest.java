package com.hotcrm.gateway.idempotency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestInfrastructure;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.gateway.proxy.FakeUpstreams;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Idempotency-Key through the gateway, against real HTTP services (FakeUpstreams: each answers with what it
 * received, including its request id, and counts what it got) and the real PostgreSQL.
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@WithTestResource(PostgresTestResource.class)
class IdempotencyKeyTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    static String key() {
        return UUID.randomUUID().toString();
    }

    static int received(String path) {
        return FakeUpstreams.RECEIVED.getOrDefault(path, 0);
    }

    @Test
    void aRetryGetsTheFirstAnswerAndTheServiceRunsItOnce() {
        String key = key();
        int before = received("/v1/accounts");
        Response first = given().header("Idempotency-Key", key).contentType("application/json").body("{\"Name\":\"Acme\"}")
                .when().post("/v1/accounts");
        first.then().statusCode(200).header("Idempotent-Replayed", nullValue()).body("service", equalTo("records-service"));

        Response retry = given().header("Idempotency-Key", key).contentType("application/json").body("{\"Name\":\"Acme\"}")
                .when().post("/v1/accounts");

        retry.then().statusCode(200).header("Idempotent-Replayed", "true")
                .header("Content-Type", containsString("application/json"));
        // the first answer, byte for byte: its request id is the first request's, not the retry's
        assertEquals(first.asString(), retry.asString());
        assertNotEquals(first.header("X-Request-Id"), retry.header("X-Request-Id"));
        assertEquals(before + 1, received("/v1/accounts"));
    }

    @Test
    void aClientThatGaveUpGets409WhileItRunsThenTheFirstAnswer() throws Exception {
        String key = key();
        int before = received("/v1/accounts/hold");
        // the gateway's first keyed request makes its table; done here, the timed request below is forwarded at once
        given().header("Idempotency-Key", key()).contentType("application/json").body("{}").when().post("/v1/accounts")
                .then().statusCode(200);
        // the JDK's client, as a Java integration would use it: HTTP/2 over cleartext (h2c) after its first request,
        // which warms it up, so that the timed one below is surely sent
        HttpClient client = HttpClient.newHttpClient();
        client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpRequest patch = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/accounts/hold"))
                .header("Authorization", "Bearer " + TestTokens.admin()).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).timeout(Duration.ofMillis(300))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"Name\":\"Held\"}")).build();
        // the service takes 700 ms; the client waits 300 and gives up
        assertThrows(HttpTimeoutException.class, () -> client.send(patch, HttpResponse.BodyHandlers.ofString()));

        given().header("Idempotency-Key", key).contentType("application/json").body("{\"Name\":\"Held\"}")
                .when().patch("/v1/accounts/hold")
                .then().statusCode(409).header("Retry-After", "1")
                .body("error.code", equalTo("IDEMPOTENCY_ERROR"))
                .body("error.message", containsString("still running"));

        Thread.sleep(1000);
        given().header("Idempotency-Key", key).contentType("application/json").body("{\"Name\":\"Held\"}")
                .when().patch("/v1/accounts/hold")
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("method", equalTo("PATCH"))
                .body("body", equalTo("{\"Name\":\"Held\"}"));
        assertEquals(before + 1, received("/v1/accounts/hold"));
    }

    @Test
    void concurrentIdenticalRequestsRunOnce() throws Exception {
        String key = key();
        int before = received("/v1/accounts/hold");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(pool.submit(() -> {
                start.await();
                return given().header("Idempotency-Key", key).contentType("application/json").body("{\"Name\":\"Once\"}")
                        .when().patch("/v1/accounts/hold").andReturn();
            }));
        }
        start.countDown();
        int ran = 0;
        int conflicts = 0;
        for (Future<Response> response : sent) {
            int status = response.get().statusCode();
            if (status == 200) {
                ran++;
            } else {
                assertEquals(409, status);
                conflicts++;
            }
        }
        pool.shutdown();
        assertEquals(1, ran);
        assertEquals(4, conflicts);
        assertEquals(before + 1, received("/v1/accounts/hold"));
    }

    @Test
    void theSameKeyOnAnotherRequestIs422() {
        String key = key();
        given().header("Idempotency-Key", key).contentType("application/json").body("{\"Name\":\"A\"}")
                .when().post("/v1/accounts").then().statusCode(200);
        int after = received("/v1/accounts");

        given().header("Idempotency-Key", key).contentType("application/json").body("{\"Name\":\"B\"}")
                .when().post("/v1/accounts")
                .then().statusCode(422).body("error.code", equalTo("IDEMPOTENCY_ERROR"))
                .body("error.message", containsString("different request"));
        given().header("Idempotency-Key", key).contentType("application/json").body("{\"Name\":\"A\"}")
                .when().post("/v1/contacts").then().statusCode(422);
        assertEquals(after, received("/v1/accounts"));
    }

    @Test
    void keysBelongToTheirCaller() {
        String key = key();
        int before = received("/v1/accounts");
        String admins = given().header("Idempotency-Key", key).contentType("application/json").body("{\"Name\":\"Mine\"}")
                .when().post("/v1/accounts").then().statusCode(200).extract().asString();

        // another user with the same key and body is another request: it runs, and never sees the admin's answer
        Response rep = given().auth().oauth2(TestTokens.user("usr_rep_idem", "sales_rep", "Standard"))
                .header("Idempotency-Key", key).contentType("application/json").body("{\"Name\":\"Mine\"}")
                .when().post("/v1/accounts");
        rep.then().statusCode(200).header("Idempotent-Replayed", nullValue());
        assertNotEquals(admins, rep.asString());
        assertEquals(before + 2, received("/v1/accounts"));

        // and without a valid token there is no answer to replay at all
        given().auth().none().header("Idempotency-Key", key).contentType("application/json").body("{\"Name\":\"Mine\"}")
                .when().post("/v1/accounts").then().statusCode(401).header("Idempotent-Replayed", nullValue());
    }

    @Test
    void aKeyMustBeShortVisibleAscii() {
        for (String bad : List.of("", "has space", "x".repeat(256), "caf\u00e9")) {
            given().header("Idempotency-Key", bad).contentType("application/json").body("{}")
                    .when().post("/v1/accounts")
                    .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.message", containsString("Idempotency-Key must be 1 to 255 visible ASCII characters"));
        }
        // a Structured Field string (the IETF draft's form) is the same key as its content
        String key = key();
        given().header("Idempotency-Key", "\"" + key + "\"").contentType("application/json").body("{}")
                .when().post("/v1/accounts").then().statusCode(200).header("Idempotent-Replayed", nullValue());
        given().header("Idempotency-Key", key).contentType("application/json").body("{}")
                .when().post("/v1/accounts").then().statusCode(200).header("Idempotent-Replayed", "true");
    }

    @Test
    void aTimedOutWriteKeepsItsAnswerAndIsNotRunAgain() {
        String key = key();
        int before = received("/v1/contacts/slow");
        // the service answers after 3 s, past the gateway's 1 s: the write may have happened
        given().header("Idempotency-Key", key).contentType("application/json").body("{}")
                .when().patch("/v1/contacts/slow").then().statusCode(504);
        given().header("Idempotency-Key", key).contentType("application/json").body("{}")
                .when().patch("/v1/contacts/slow")
                .then().statusCode(504).header("Idempotent-Replayed", "true").body("error.code", equalTo("SERVER_ERROR"));
        assertEquals(before + 1, received("/v1/contacts/slow"));
    }

    @Test
    void aWriteThatNeverReachedItsServiceIsRunByTheRetry() throws Exception {
        String key = key();
        // ai-service has no listener: nothing was done, so the key is free again
        given().header("Idempotency-Key", key).contentType("application/json").body("{\"leadId\":\"led_1\"}")
                .when().post("/v1/ai/lead-score").then().statusCode(503).header("Idempotent-Replayed", nullValue());
        assertNull(stored(key), "the key was released");
        given().header("Idempotency-Key", key).contentType("application/json").body("{\"leadId\":\"led_1\"}")
                .when().post("/v1/ai/lead-score").then().statusCode(503).header("Idempotent-Replayed", nullValue());
    }

    @Test
    void aServiceThatSaysRetryDidNothingSoItsKeyIsFree() throws Exception {
        String key = key();
        int before = received("/v1/accounts/busy503");
        // the service's own 503 (its database too slow, say): not carried out, so not kept
        for (int i = 0; i < 2; i++) {
            given().header("Idempotency-Key", key).contentType("application/json").body("{}")
                    .when().patch("/v1/accounts/busy503")
                    .then().statusCode(503).header("Retry-After", "7").header("Idempotent-Replayed", nullValue());
            assertNull(stored(key), "the key was freed");
        }
        assertEquals(before + 2, received("/v1/accounts/busy503"), "each retry reached the service");
    }

    @Test
    void theAnswerIsKeptInPostgresForEveryReplica() throws Exception {
        String key = key();
        given().header("Idempotency-Key", key).contentType("application/json").body("{\"Name\":\"Kept\"}")
                .when().post("/v1/accounts").then().statusCode(200);
        assertEquals("200 usr_testadmin", stored(key));
    }

    @Test
    void readsIgnoreTheKey() {
        String key = key();
        int before = received("/v1/accounts");
        for (int i = 0; i < 2; i++) {
            given().header("Idempotency-Key", key).when().get("/v1/accounts")
                    .then().statusCode(200).header("Idempotent-Replayed", nullValue());
        }
        assertEquals(before + 2, received("/v1/accounts"));
    }

    @Inject
    IdempotencyStore store;

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aClaimTakenOverAfterItsLeaseCanNeitherAnswerNorFreeTheKey() throws Exception {
        String key = key();
        byte[] request = { 1, 2, 3 };
        IdempotencyStore.Answer late = new IdempotencyStore.Answer(201, new io.vertx.core.json.JsonObject(),
                io.vertx.core.buffer.Buffer.buffer("first, too late"));
        // the first gateway's claim, with a lease that runs out at once (its gateway hung past it)
        var first = (IdempotencyStore.Claimed) await(store.claim("usr_t", key, request, Duration.ofHours(1), Duration.ofMillis(1)));
        Thread.sleep(20);
        // the client's retry takes the key over
        var second = (IdempotencyStore.Claimed) await(store.claim("usr_t", key, request, Duration.ofHours(1), Duration.ofMinutes(1)));
        assertNotEquals(first.token(), second.token());

        // the first one's late release or answer leaves the retry's claim alone
        await(store.release("usr_t", key, first.token()));
        await(store.complete("usr_t", key, first.token(), late));
        assertEquals(IdempotencyStore.Running.class, await(store.claim("usr_t", key, request, Duration.ofHours(1),
                Duration.ofMinutes(1))).getClass());

        // the retry's answer is the one kept
        await(store.complete("usr_t", key, second.token(), new IdempotencyStore.Answer(201,
                new io.vertx.core.json.JsonObject(), io.vertx.core.buffer.Buffer.buffer("second"))));
        var replay = (IdempotencyStore.Replay) await(store.claim("usr_t", key, request, Duration.ofHours(1), Duration.ofMinutes(1)));
        assertEquals("second", replay.answer().body().toString());
    }

    /** "status caller" of the stored answer, or null when the key holds no row. */
    static String stored(String key) throws Exception {
        TestInfrastructure.Database db = TestInfrastructure.database();
        try (Connection c = db.server().connect(db.name());
                PreparedStatement s = c.prepareStatement(
                        "SELECT status, caller FROM gateway.idempotency_key WHERE key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) + " " + rs.getString(2) : null;
            }
        }
    }
}
