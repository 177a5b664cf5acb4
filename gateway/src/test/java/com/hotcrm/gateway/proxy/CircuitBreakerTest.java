package com.hotcrm.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.TestTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * The breaker opens on what says a service is broken (5xx answers, no connection), never on slowness or on
 * clients that hang up; load beyond a service's concurrency limit is shed at once; every 503 says when to
 * come back. Test settings (FakeUpstreams): the breaker opens when half of the last 4 calls failed and stays
 * open 2 s; the response timeout is 1 s; at most 3 requests in flight per service.
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class CircuitBreakerTest {

    @Test
    void aServiceAnsweringServerErrorsIsCutOffThenTriedAgain() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            given().when().get("/v1/webhooks/wh_1/fail500").then().statusCode(500)
                    .body("error.message", equalTo("broken"));
        }
        int before = FakeUpstreams.RECEIVED.getOrDefault("/v1/webhooks", 0);
        given().when().get("/v1/webhooks")
                .then().statusCode(503)
                .header("Retry-After", equalTo("2"))
                .body("error.code", equalTo("SERVER_ERROR"))
                .body("error.message", containsString("webhook-service is unavailable"));
        assertEquals(before, FakeUpstreams.RECEIVED.getOrDefault("/v1/webhooks", 0), "an open breaker calls nobody");
        // other services are not affected
        given().when().get("/v1/accounts").then().statusCode(200);

        Thread.sleep(2_200);
        given().when().get("/v1/webhooks").then().statusCode(200).body("service", equalTo("webhook-service"));
        given().when().get("/v1/webhooks").then().statusCode(200);
    }

    @Test
    void aServiceAnswering503ItselfIsNotCutOff() {
        // e.g. query-service's statement timeout: the service is up, one kind of request is too heavy now
        for (int i = 0; i < 6; i++) {
            given().when().get("/v1/opportunities/busy503").then().statusCode(503)
                    .header("Retry-After", equalTo("7"))
                    .body("error.message", equalTo("stopped at its time limit"));
        }
        given().when().get("/v1/opportunities/opp_1").then().statusCode(200).body("service", equalTo("records-service"));
    }

    @Test
    void aSlowServiceAnswers504ButIsNotCutOff() {
        for (int i = 0; i < 6; i++) {
            given().when().get("/v1/contacts/slow").then().statusCode(504)
                    .body("error.code", equalTo("SERVER_ERROR"))
                    .body("error.message", containsString("did not answer in time"));
        }
        given().when().get("/v1/contacts/con_1").then().statusCode(200).body("service", equalTo("records-service"));
    }

    @Test
    void clientsHangingUpMidRequestOpenNoBreaker() throws Exception {
        for (int i = 0; i < 8; i++) {
            try (Socket socket = new Socket("localhost", RestAssured.port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /v1/slow HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.admin()
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(150);
            }
        }
        Thread.sleep(1_500); // every hung-up call has ended by now (the response timeout is 1 s)
        for (int i = 0; i < 3; i++) {
            given().when().get("/v1/accounts").then().statusCode(200).body("service", equalTo("query-service"));
        }
    }

    @Test
    void loadBeyondAServicesLimitIsShedWith503AndRetryAfter() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> given().when().get("/v1/users/hold").andReturn()));
            }
            int served = 0;
            int shed = 0;
            for (Future<Response> call : calls) {
                Response response = call.get();
                if (response.statusCode() == 200) {
                    served++;
                } else {
                    assertEquals(503, response.statusCode(), response.asString());
                    assertEquals("1", response.header("Retry-After"));
                    assertEquals("SERVER_ERROR", response.jsonPath().getString("error.code"));
                    assertTrue(response.jsonPath().getString("error.message").contains("at capacity"));
                    shed++;
                }
            }
            assertTrue(served >= 1, "the first ones are served");
            assertTrue(shed >= 1, "past 3 in flight the rest are shed: " + served + " served");
        } finally {
            pool.shutdownNow();
        }
        // shedding is not a failure of the service
        given().when().get("/v1/users/usr_1").then().statusCode(200);
    }

    @Test
    void aServiceThatCannotBeReachedAnswers503WithRetryAfter() {
        given().when().get("/v1/ai/models")
                .then().statusCode(503)
                .header("Retry-After", notNullValue())
                .body("error.code", equalTo("SERVER_ERROR"));
    }
}
