package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.hotcrm.devstack.testing.TestTokens;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Authentication and rate limiting as a client meets them: the real gateway, auth-service and Redis. */
@ExtendWith(RunningSuite.class)
class AuthIT {

    record Login(String userId, String token, String refreshToken) {
    }

    static Login login(String email, String password) {
        JsonPath body = given().auth().none().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .when().post("/v1/auth/token")
                .then().statusCode(200)
                .body("expiresIn", equalTo(3600))
                .extract().jsonPath();
        String token = body.getString("token");
        String sub = JsonPath.from(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8)).getString("sub");
        return new Login(sub, token, body.getString("refreshToken"));
    }

    /** A new sales rep (Standard tier), created by the admin through the gateway, logged in. */
    static Login newRep() {
        String email = "rep-" + UUID.randomUUID() + "@example.com";
        given().contentType(ContentType.JSON)
                .body(Map.of("Name", "Rita Rep", "Email", email, "Password", "rep-password-1", "Role", "sales_rep"))
                .when().post("/v1/users")
                .then().statusCode(201).body("RateLimitTier", equalTo("Standard"));
        return login(email, "rep-password-1");
    }

    @Test
    void theSeedsFlowTokenThenAccounts() {
        var admin = RunningSuite.suite().admin();
        Login login = login(admin.email(), admin.password());
        given().auth().oauth2(login.token()).when().get("/v1/accounts")
                .then().statusCode(200)
                .body("records", notNullValue())
                .body("totalCount", notNullValue())
                // the admin is Enterprise: never limited, so no budget to report
                .header("X-RateLimit-Limit", nullValue());
    }

    @Test
    void requestsWithoutAValidTokenAreRefusedInTheEnvelope() {
        String good = TestTokens.other().sign("usr_x", "admin", "Enterprise", null, Duration.ofHours(1));
        String[] parts = good.split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + parts[1] + ".";
        for (String authorization : new String[] { null, "Bearer", "Bearer garbage", "Bearer " + good,
                "Bearer " + none, "Bearer hcrm_unknown_token" }) {
            var request = given().auth().none();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            request.when().get("/v1/accounts")
                    .then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("error.code", equalTo("AUTHENTICATION_ERROR"));
        }
    }

    @Test
    void recordsBelongToWhoeverCreatedThemAndUsersAreForAdmins() {
        Login rep = newRep();
        given().auth().oauth2(rep.token()).contentType(ContentType.JSON).body(Map.of("Name", "Rep's Account"))
                .when().post("/v1/accounts")
                .then().statusCode(201)
                .body("OwnerId", equalTo(rep.userId()))
                .body("CreatedById", equalTo(rep.userId()));
        given().auth().oauth2(rep.token()).when().get("/v1/users")
                .then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));
        given().auth().oauth2(rep.token()).when().get("/v1/users/me")
                .then().statusCode(200).body("Id", equalTo(rep.userId()));
    }

    @Test
    void refreshRotatesAndReuseRevokes() {
        Login rep = newRep();
        String second = given().auth().none().contentType(ContentType.JSON)
                .body(Map.of("refreshToken", rep.refreshToken()))
                .when().post("/v1/auth/refresh")
                .then().statusCode(200).extract().path("refreshToken");
        assertNotEquals(rep.refreshToken(), second);
        given().auth().none().contentType(ContentType.JSON).body(Map.of("refreshToken", rep.refreshToken()))
                .when().post("/v1/auth/refresh")
                .then().statusCode(401).body("error.message", containsString("already used"));
        given().auth().none().contentType(ContentType.JSON).body(Map.of("refreshToken", second))
                .when().post("/v1/auth/refresh")
                .then().statusCode(401);
    }

    @Test
    void anApiTokenIsCreatedUsedAndRevoked() throws InterruptedException {
        Login rep = newRep();
        JsonPath created = given().auth().oauth2(rep.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "nightly export"))
                .when().post("/v1/auth/api-tokens")
                .then().statusCode(201).body("tier", equalTo("Standard"))
                .extract().jsonPath();
        String secret = created.getString("token");

        given().auth().oauth2(secret).when().get("/v1/accounts")
                .then().statusCode(200)
                .header("X-RateLimit-Limit", "1000")
                .header("X-RateLimit-Remaining", "999");
        given().auth().oauth2(secret).contentType(ContentType.JSON).body(Map.of("Name", "Made with an API token"))
                .when().post("/v1/accounts")
                .then().statusCode(201).body("OwnerId", equalTo(rep.userId()));
        given().auth().oauth2(rep.token()).when().get("/v1/auth/api-tokens")
                .then().body("records.prefix", hasItem(created.getString("prefix")));

        given().auth().oauth2(rep.token()).when().delete("/v1/auth/api-tokens/" + created.getString("id"))
                .then().statusCode(204);
        Thread.sleep(2_500); // the e2e gateway reuses an exchange for 2 s (60 s by default)
        given().auth().oauth2(secret).when().get("/v1/accounts")
                .then().statusCode(401).body("error.code", equalTo("AUTHENTICATION_ERROR"));
    }

    @Test
    void twoGatewaysShareOneBudgetThroughRedis() throws Exception {
        String replica = RunningSuite.suite().startGatewayReplica();
        String first = RunningSuite.suite().gatewayUrl();
        Login rep = newRep();
        for (int i = 1; i <= 1000; i++) {
            Response response = given().baseUri(i % 2 == 0 ? first : replica).auth().oauth2(rep.token())
                    .when().get("/v1/users/me");
            assertEquals(200, response.statusCode(), "request " + i);
            assertEquals(Integer.toString(1000 - i), response.header("X-RateLimit-Remaining"), "request " + i);
        }
        for (String gateway : new String[] { first, replica }) {
            Response refused = given().baseUri(gateway).auth().oauth2(rep.token()).when().get("/v1/users/me");
            assertEquals(429, refused.statusCode(), gateway);
            assertEquals("RATE_LIMIT_ERROR", refused.jsonPath().getString("error.code"));
            assertTrue(Long.parseLong(refused.header("Retry-After")) > 0);
            assertEquals("1000", refused.header("X-RateLimit-Limit"));
        }
    }
}
