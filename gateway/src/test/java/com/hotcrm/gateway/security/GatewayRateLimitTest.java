package com.hotcrm.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.gateway.proxy.FakeUpstreams;
import com.hotcrm.gateway.proxy.TestClients;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class GatewayRateLimitTest {

    @Test
    void aStandardTokenGetsAThousandRequestsAnHourThenRateLimitError() {
        String token = TestTokens.user("usr_ratelimited_" + System.nanoTime(), "sales_rep", "Standard");
        long reset = 0;
        for (int i = 1; i <= 1000; i++) {
            Response response = given().auth().oauth2(token).when().get("/v1/accounts");
            assertEquals(200, response.statusCode(), "request " + i);
            assertEquals("1000", response.header("X-RateLimit-Limit"));
            assertEquals(Integer.toString(1000 - i), response.header("X-RateLimit-Remaining"), "request " + i);
            reset = Long.parseLong(response.header("X-RateLimit-Reset"));
        }
        long now = System.currentTimeMillis() / 1000;
        assertTrue(reset > now && reset <= now + 3600, "reset " + reset + " is within the hour");

        Response refused = given().auth().oauth2(token).when().get("/v1/accounts");
        assertEquals(429, refused.statusCode());
        assertEquals("RATE_LIMIT_ERROR", refused.jsonPath().getString("error.code"));
        assertEquals("0", refused.header("X-RateLimit-Remaining"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3600, "Retry-After " + retryAfter);
    }

    @Test
    void enterpriseIsNeverLimited() {
        String token = TestTokens.user("usr_enterprise_" + System.nanoTime(), "admin", "Enterprise");
        for (int i = 1; i <= 1100; i++) {
            given().auth().oauth2(token).when().get("/v1/accounts")
                    .then().statusCode(200)
                    .header("X-RateLimit-Limit", nullValue());
        }
    }

    @Test
    void loginAttemptsAreLimitedPerClientAddress() {
        // the test's budget is 5 a minute (30 by default); the test gateway trusts X-Forwarded-For
        String client = TestClients.address();
        int passed = 0;
        Response last = null;
        for (int i = 0; i < 8; i++) {
            last = given().auth().none().header("X-Forwarded-For", client).contentType("application/json").body("{}")
                    .when().post("/v1/auth/token");
            if (last.statusCode() == 200) {
                passed++;
            }
        }
        assertEquals(5, passed);
        given().auth().none().header("X-Forwarded-For", client).contentType("application/json").body("{}")
                .when().post("/v1/auth/refresh")
                .then().statusCode(429)
                .body("error.code", equalTo("RATE_LIMIT_ERROR"));
        assertEquals(429, last.statusCode());
        // another address is not affected
        given().auth().none().header("X-Forwarded-For", TestClients.address()).contentType("application/json").body("{}")
                .when().post("/v1/auth/token").then().statusCode(200);
    }
}
