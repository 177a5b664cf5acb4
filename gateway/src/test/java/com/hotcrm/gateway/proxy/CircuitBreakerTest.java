package com.hotcrm.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class CircuitBreakerTest {

    @Test
    void aServiceThatKeepsTimingOutIsCutOffThenTriedAgain() throws InterruptedException {
        // the test breaker opens when half of the last 4 calls failed; the test response timeout is 1 s
        for (int i = 0; i < 4; i++) {
            given().when().get("/v1/webhooks/wh_1/slow").then().statusCode(504)
                    .body("error.code", equalTo("SERVER_ERROR"));
        }
        int before = FakeUpstreams.RECEIVED.getOrDefault("/v1/webhooks", 0);
        given().when().get("/v1/webhooks")
                .then().statusCode(503)
                .body("error.code", equalTo("SERVER_ERROR"))
                .body("error.message", containsString("webhook-service is unavailable"));
        assertEquals(before, FakeUpstreams.RECEIVED.getOrDefault("/v1/webhooks", 0), "an open breaker calls nobody");
        // other services are not affected
        given().when().get("/v1/accounts").then().statusCode(200);

        Thread.sleep(2_200); // the test breaker stays open 2 s (5 s by default)
        given().when().get("/v1/webhooks").then().statusCode(200).body("service", equalTo("webhook-service"));
        given().when().get("/v1/webhooks").then().statusCode(200);
    }
}
