package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Idempotency-Key through the gateway to the real records-service: whatever the client saw of its first try, a
 * retry with the same key leaves one record and gets the first answer; identical requests at once write once; the
 * key is the caller's own. Records are counted in PostgreSQL, not through the API.
 */
@ExtendWith(RunningSuite.class)
class IdempotencyIT {

    static String create(String name) {
        return "{\"Name\":\"" + name + "\",\"Industry\":\"Technology\"}";
    }

    static long accountsNamed(String name) throws Exception {
        var suite = RunningSuite.suite();
        try (Connection db = suite.postgres().server().connect(suite.database());
                PreparedStatement count = db.prepareStatement("SELECT count(*) FROM crm.account WHERE name = ?")) {
            count.setString(1, name);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Sends until the first request has an answer to give (409 while it runs). */
    static Response retry(String key, String body) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Response response = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                    .when().post("/v1/accounts");
            if (response.statusCode() != 409) {
                return response;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the key stayed in use for 10 s");
    }

    @Test
    void aClientThatTimesOutAndRetriesLeavesOneRecordAndGetsTheFirstAnswer() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "Idem " + key;
        String body = create(name);
        HttpRequest first = HttpRequest.newBuilder(URI.create(RunningSuite.suite().gatewayUrl() + "/v1/accounts"))
                .header("Authorization", "Bearer " + RunningSuite.adminToken()).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).timeout(Duration.ofMillis(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpClient.newHttpClient().send(first, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException gaveUp) {
            // the client gave up; the gateway and records-service did not
        }

        // the retry (replayed, unless the first try never left the client) and every one after it: one answer
        Response again = retry(key, body);
        again.then().statusCode(201).body("Name", equalTo(name));
        Response once = retry(key, body);
        once.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(again.asString(), once.asString());
        assertEquals(1, accountsNamed(name));
        given().when().get("/v1/accounts/" + again.path("Id")).then().statusCode(200).body("Name", equalTo(name));
    }

    @Test
    void identicalRequestsAtOnceWriteOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "Idem " + key;
        String body = create(name);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sent.add(pool.submit(() -> {
                start.await();
                return given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                        .when().post("/v1/accounts").andReturn();
            }));
        }
        start.countDown();
        int ran = 0;
        Set<String> ids = new HashSet<>();
        for (Future<Response> response : sent) {
            Response answer = response.get();
            assertTrue(answer.statusCode() == 201 || answer.statusCode() == 409, answer.asString());
            if (answer.statusCode() == 201) {
                ids.add(answer.path("Id"));
                if (answer.header("Idempotent-Replayed") == null) {
                    ran++;
                }
            }
        }
        pool.shutdown();
        assertEquals(1, ran);
        ids.add(retry(key, body).path("Id"));
        assertEquals(1, ids.size(), "every answer names the one record: " + ids);
        assertEquals(1, accountsNamed(name));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndWritesNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "Idem " + key;
        retry(key, create(name)).then().statusCode(201);

        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(create(name + " changed"))
                .when().post("/v1/accounts")
                .then().statusCode(422).body("error.code", equalTo("IDEMPOTENCY_ERROR"))
                .body("error.message", containsString("different request"));
        assertEquals(0, accountsNamed(name + " changed"));
        assertEquals(1, accountsNamed(name));
    }

    @Test
    void anotherUsersKeyIsTheirOwn() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "Idem " + key;
        String admins = retry(key, create(name)).then().statusCode(201).extract().path("Id");

        String rep = AuthorizationIT.userWithRole("sales_rep");
        Response theirs = given().auth().oauth2(rep).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(create(name)).when().post("/v1/accounts");
        theirs.then().statusCode(201).header("Idempotent-Replayed", nullValue());
        assertNotEquals(admins, theirs.path("Id"));
        assertEquals(2, accountsNamed(name));
        // the rep's retry replays the rep's record, never the admin's
        given().auth().oauth2(rep).header("Idempotency-Key", key).contentType(ContentType.JSON).body(create(name))
                .when().post("/v1/accounts")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("Id", equalTo(theirs.path("Id")));
    }

    @Test
    void batchAndDeleteAreIdempotentToo() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "Idem batch " + key;
        String batch = "{\"records\":[{\"Name\":\"" + name + "\"},{\"Name\":\"" + name + "\"}]}";
        for (int i = 0; i < 2; i++) {
            given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(batch)
                    .when().post("/v1/batch/accounts").then().statusCode(200);
        }
        assertEquals(2, accountsNamed(name));

        String id = retry(UUID.randomUUID().toString(), create(name + " gone")).path("Id");
        String deleteKey = UUID.randomUUID().toString();
        int first = given().header("Idempotency-Key", deleteKey).when().delete("/v1/accounts/" + id).statusCode();
        given().header("Idempotency-Key", deleteKey).when().delete("/v1/accounts/" + id)
                .then().statusCode(first).header("Idempotent-Replayed", "true");
        // without the key, the second delete sees the record gone
        given().when().delete("/v1/accounts/" + id).then().statusCode(404);
    }
}
