package com.hotcrm.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * A gateway whose trusted proxies do not include the test client (as by default, when none is
 * configured): a client that writes X-Forwarded-For changes neither its rate-limit bucket nor the address
 * the services are told.
 */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, initArgs = @ResourceArg(name = FakeUpstreams.TRUSTED_PROXIES,
        value = "10.0.0.0/8"))
class UntrustedPeerTest {

    @Test
    void aSpoofedForwardedForIsNotPassedOn() {
        String forwarded = given().header("X-Forwarded-For", "203.0.113.7").when().get("/v1/accounts")
                .then().statusCode(200).extract().path("forwardedFor");
        assertTrue(forwarded.equals("127.0.0.1") || forwarded.equals("0:0:0:0:0:0:0:1"),
                "the services are told the peer, not the claim: " + forwarded);
    }

    @Test
    void aSpoofedForwardedForDoesNotBuyNewLoginAttempts() {
        // the test's budget is 5 a minute per client; each attempt claims to come from somewhere else
        int passed = 0;
        Response last = null;
        for (int i = 0; i < 7; i++) {
            last = given().auth().none().header("X-Forwarded-For", "198.51.100." + i)
                    .contentType("application/json").body("{}")
                    .when().post("/v1/auth/token");
            if (last.statusCode() == 200) {
                passed++;
            }
        }
        assertEquals(5, passed);
        assertEquals(429, last.statusCode());
        given().auth().none().contentType("application/json").body("{}")
                .when().post("/v1/auth/refresh")
                .then().statusCode(429).body("error.code", equalTo("RATE_LIMIT_ERROR"));
    }
}
