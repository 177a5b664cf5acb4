package com.hotcrm.auth.rest;

import static com.hotcrm.auth.support.AuthApi.ADMIN;
import static com.hotcrm.auth.support.AuthApi.ADMIN_PASSWORD;
import static com.hotcrm.auth.support.AuthApi.adminToken;
import static com.hotcrm.auth.support.AuthApi.jwtPart;
import static com.hotcrm.auth.support.AuthApi.login;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class AuthFlowTest {

    static String newUser(String role, String tier) {
        String email = role + "-" + UUID.randomUUID() + "@example.com";
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("Name", "Test " + role, "Email", email, "Password", "long-enough-pw", "Role", role,
                        "RateLimitTier", tier))
                .when().post("/v1/users")
                .then().statusCode(201);
        return email;
    }

    @Test
    void loginReturnsTheSeedShapeWithAnRs256TokenNamingTheUser() {
        JsonPath body = login(ADMIN, ADMIN_PASSWORD);
        assertEquals(3600, body.getInt("expiresIn"));
        assertTrue(body.getString("refreshToken").startsWith("hcrt_"));
        String token = body.getString("token");
        JsonPath header = jwtPart(token, 0);
        assertEquals("RS256", header.getString("alg"));
        JsonPath claims = jwtPart(token, 1);
        assertTrue(claims.getString("sub").startsWith("usr_"));
        assertEquals(ADMIN, claims.getString("email"));
        assertEquals(List.of("admin"), claims.getList("groups"));
        assertEquals("Enterprise", claims.getString("tier"));
        assertEquals("hotcrm", claims.getString("iss"));
        assertNotEquals(null, claims.getString("jti"));
        assertEquals(3600, claims.getLong("exp") - claims.getLong("iat"));

        // the token's key is published in the JWKS
        given().when().get("/v1/auth/jwks").then().statusCode(200)
                .body("keys.kid", hasItem(header.getString("kid")))
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0]", not(hasKey("d")));
    }

    @Test
    void wrongPasswordAndUnknownEmailGiveTheSameAnswer() {
        String wrongPassword = given().contentType(ContentType.JSON)
                .body(Map.of("email", ADMIN, "password", "nope-nope-nope"))
                .when().post("/v1/auth/token")
                .then().statusCode(401).body("error.code", equalTo("AUTHENTICATION_ERROR"))
                .extract().path("error.message");
        String unknown = given().contentType(ContentType.JSON)
                .body(Map.of("email", "nobody@example.com", "password", "nope-nope-nope"))
                .when().post("/v1/auth/token")
                .then().statusCode(401).body("error.code", equalTo("AUTHENTICATION_ERROR"))
                .extract().path("error.message");
        assertEquals(wrongPassword, unknown);
    }

    @Test
    void missingCredentialsAreAValidationError() {
        given().contentType(ContentType.JSON).body(Map.of("email", ADMIN))
                .when().post("/v1/auth/token")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details.field", hasItem("password"));
        given().contentType(ContentType.JSON).body(Map.of("email", ADMIN, "password", ADMIN_PASSWORD, "remember", true))
                .when().post("/v1/auth/token")
                .then().statusCode(400)
                .body("error.message", equalTo("Unknown field 'remember'; allowed: email, password"));
        given().contentType(ContentType.JSON).body("{}").when().post("/v1/auth/refresh")
                .then().statusCode(400).body("error.details.field", contains("refreshToken"));
    }

    @Test
    void refreshRotatesAndAReusedTokenRevokesTheWholeLogin() {
        String first = login(ADMIN, ADMIN_PASSWORD).getString("refreshToken");
        JsonPath renewed = given().contentType(ContentType.JSON).body(Map.of("refreshToken", first))
                .when().post("/v1/auth/refresh")
                .then().statusCode(200).body("expiresIn", equalTo(3600)).extract().jsonPath();
        String second = renewed.getString("refreshToken");
        assertNotEquals(first, second);

        // the first one again: reuse, so the family (including the second) is revoked
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", first))
                .when().post("/v1/auth/refresh")
                .then().statusCode(401).body("error.message", containsString("already used"));
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", second))
                .when().post("/v1/auth/refresh")
                .then().statusCode(401).body("error.code", equalTo("AUTHENTICATION_ERROR"));
    }

    @Test
    void logoutEndsTheLogin() {
        String refresh = login(ADMIN, ADMIN_PASSWORD).getString("refreshToken");
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh))
                .when().post("/v1/auth/logout").then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh))
                .when().post("/v1/auth/refresh").then().statusCode(401);
    }

    @Test
    void protectedEndpointsNeedAValidToken() {
        given().when().get("/v1/auth/api-tokens")
                .then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error.code", equalTo("AUTHENTICATION_ERROR"));
        String token = adminToken();
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        given().auth().oauth2(tampered).when().get("/v1/auth/api-tokens")
                .then().statusCode(401).body("error.code", equalTo("AUTHENTICATION_ERROR"));
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + parts[1] + ".";
        given().auth().oauth2(none).when().get("/v1/auth/api-tokens")
                .then().statusCode(401).body("error.code", equalTo("AUTHENTICATION_ERROR"));
    }

    @Test
    void apiTokenIsShownOnceListedByPrefixExchangedAndRevoked() {
        String admin = adminToken();
        JsonPath created = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "ci script", "tier", "Premium"))
                .when().post("/v1/auth/api-tokens")
                .then().statusCode(201)
                .body("id", startsWith("tok_"))
                .body("tier", equalTo("Premium"))
                .extract().jsonPath();
        String secret = created.getString("token");
        String prefix = created.getString("prefix");
        assertTrue(secret.startsWith(prefix + "_"), secret + " starts with " + prefix);

        given().auth().oauth2(admin).when().get("/v1/auth/api-tokens")
                .then().statusCode(200)
                .body("records.prefix", hasItem(prefix))
                .body("records.find { it.id == '" + created.getString("id") + "' }", not(hasKey("token")))
                .body(not(containsString(secret)));

        String exchanged = given().contentType(ContentType.JSON).body(Map.of("apiToken", secret))
                .when().post("/internal/token-exchange")
                .then().statusCode(200).body("expiresIn", equalTo(300))
                .extract().path("token");
        JsonPath claims = jwtPart(exchanged, 1);
        assertEquals(created.getString("id"), claims.getString("tid"));
        assertEquals("Premium", claims.getString("tier"));
        // the exchanged token works like a login's
        given().auth().oauth2(exchanged).when().get("/v1/users/me").then().statusCode(200)
                .body("Email", equalTo(ADMIN));

        given().auth().oauth2(admin).when().delete("/v1/auth/api-tokens/" + created.getString("id"))
                .then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("apiToken", secret))
                .when().post("/internal/token-exchange")
                .then().statusCode(401).body("error.code", equalTo("AUTHENTICATION_ERROR"));
        given().auth().oauth2(admin).when().get("/v1/auth/api-tokens")
                .then().body("records.prefix", not(hasItem(prefix)));
    }

    @Test
    void apiTokensBelongToTheirCreatorAndAdminsSeeAll() {
        String email = newUser("sales_rep", "Standard");
        String rep = login(email, "long-enough-pw").getString("token");
        String id = given().auth().oauth2(rep).contentType(ContentType.JSON).body(Map.of("name", "rep's"))
                .when().post("/v1/auth/api-tokens").then().statusCode(201).extract().path("id");
        String admin = adminToken();
        given().auth().oauth2(admin).when().get("/v1/auth/api-tokens")
                .then().body("records.id", not(hasItem(id)));
        given().auth().oauth2(admin).when().get("/v1/auth/api-tokens?all=true")
                .then().statusCode(200).body("records.id", hasItem(id));
        given().auth().oauth2(rep).when().get("/v1/auth/api-tokens?all=true").then().statusCode(403);
        String other = newUser("sales_rep", "Standard");
        given().auth().oauth2(login(other, "long-enough-pw").getString("token"))
                .when().delete("/v1/auth/api-tokens/" + id).then().statusCode(404);
        given().auth().oauth2(admin).when().delete("/v1/auth/api-tokens/" + id).then().statusCode(204);
    }

    @Test
    void anApiTokenCannotOutrankItsUser() {
        String email = newUser("sales_rep", "Standard");
        String token = login(email, "long-enough-pw").getString("token");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "greedy", "tier", "Enterprise"))
                .when().post("/v1/auth/api-tokens")
                .then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));
    }

    @Test
    void anApiTokenRequestSaysWhatToFix() {
        String admin = adminToken();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", " ", "tier", "Gold", "expiresAt", "2001-01-01T00:00:00Z"))
                .when().post("/v1/auth/api-tokens")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details.field", contains("expiresAt", "name", "tier"))
                .body("error.details.message", hasItem("expiresAt must be in the future"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "x", "expiresAt", "next week"))
                .when().post("/v1/auth/api-tokens")
                .then().statusCode(400).body("error.details.field", contains("expiresAt"))
                .body("error.message", containsString("expected an ISO-8601 date-time such as 2027-01-31T00:00:00Z"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "x", "scope", "all"))
                .when().post("/v1/auth/api-tokens")
                .then().statusCode(400).body("error.message", equalTo("Unknown field 'scope'; allowed: expiresAt, name, tier"));
        given().auth().oauth2(admin).when().get("/v1/auth/api-tokens").then().statusCode(200)
                .body("records.name", not(hasItem("x")));
    }

    static String apiToken(String accessToken, Map<String, Object> body) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(body)
                .when().post("/v1/auth/api-tokens")
                .then().statusCode(201).extract().path("token");
    }

    static JsonPath exchange(String apiToken) {
        return given().contentType(ContentType.JSON).body(Map.of("apiToken", apiToken))
                .when().post("/internal/token-exchange")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void anExchangedTokenNeverOutlivesItsApiToken() {
        String rep = login(newUser("sales_rep", "Standard"), "long-enough-pw").getString("token");
        long apiTokenEnd = Instant.now().plusSeconds(90).getEpochSecond();
        String secret = apiToken(rep, Map.of("name", "short-lived",
                "expiresAt", Instant.ofEpochSecond(apiTokenEnd).toString()));
        JsonPath exchanged = exchange(secret);
        long exp = jwtPart(exchanged.getString("token"), 1).getLong("exp");
        assertTrue(exp <= apiTokenEnd, "exp " + exp + " is not after the API token's end " + apiTokenEnd);
        assertTrue(exp >= apiTokenEnd - 5, "exp " + exp + " is the API token's end " + apiTokenEnd);
        assertTrue(exchanged.getLong("expiresIn") <= 90, "expiresIn " + exchanged.getLong("expiresIn"));

        // without an end of its own, the exchanged token lives the usual 5 minutes
        JsonPath usual = exchange(apiToken(rep, Map.of("name", "long-lived")));
        assertEquals(300, usual.getLong("expiresIn"));
        long usualExp = jwtPart(usual.getString("token"), 1).getLong("exp");
        assertTrue(Math.abs(usualExp - Instant.now().plusSeconds(300).getEpochSecond()) <= 5, "exp " + usualExp);
    }

    @Test
    void anExchangedTokenNeverOutranksItsApiTokenNorItsUserNow() {
        String email = newUser("sales_manager", "Premium");
        JsonPath login = login(email, "long-enough-pw");
        String manager = login.getString("token");
        String premium = apiToken(manager, Map.of("name", "premium", "tier", "Premium"));
        String standard = apiToken(manager, Map.of("name", "standard", "tier", "Standard"));
        JsonPath claims = jwtPart(exchange(premium).getString("token"), 1);
        assertEquals("Premium", claims.getString("tier"));
        assertEquals(List.of("sales_manager"), claims.getList("groups"));
        assertEquals("Standard", jwtPart(exchange(standard).getString("token"), 1).getString("tier"),
                "the API token's tier, though its user has a higher one");

        // the admin moves the user down: the older Premium token now gets what the user has now
        String id = given().auth().oauth2(manager).when().get("/v1/users/me").then().extract().path("Id");
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("RateLimitTier", "Standard", "Role", "read_only"))
                .when().patch("/v1/users/" + id).then().statusCode(200);
        claims = jwtPart(exchange(premium).getString("token"), 1);
        assertEquals("Standard", claims.getString("tier"));
        assertEquals(List.of("read_only"), claims.getList("groups"));
    }

    @Test
    void adminsManageUsersAndOthersCannot() {
        String email = newUser("sales_rep", "Standard");
        JsonPath login = login(email, "long-enough-pw");
        assertEquals("Standard", jwtPart(login.getString("token"), 1).getString("tier"));
        assertEquals(List.of("sales_rep"), jwtPart(login.getString("token"), 1).getList("groups"));
        String rep = login.getString("token");

        given().auth().oauth2(rep).when().get("/v1/users").then().statusCode(403)
                .body("error.code", equalTo("PERMISSION_ERROR"));
        given().auth().oauth2(rep).contentType(ContentType.JSON).body(Map.of("Name", "x"))
                .when().post("/v1/users").then().statusCode(403);
        String id = given().auth().oauth2(rep).when().get("/v1/users/me").then().statusCode(200)
                .body("Email", equalTo(email))
                .body("Role", equalTo("sales_rep"))
                .body("$", not(hasKey("Password")))
                .extract().path("Id");

        String admin = adminToken();
        given().auth().oauth2(admin).when().get("/v1/users?limit=200").then().statusCode(200)
                .body("records.Email", hasItem(email))
                .body("totalCount", notNullValue());
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("Name", "Dup", "Email", email.toUpperCase(), "Password", "long-enough-pw", "Role", "read_only"))
                .when().post("/v1/users").then().statusCode(400).body("error.code", equalTo("DUPLICATE_ERROR"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("Name", "", "Email", "not-an-email", "Password", "short", "Role", "king", "RateLimitTier", "Gold"))
                .when().post("/v1/users").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details.field", contains("Email", "Name", "Password", "RateLimitTier", "Role"))
                .body("error.details.message", hasItem("Role must be one of admin, sales_manager, sales_rep, support_agent, read_only"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("Name", "X", "Email", "x@example.com", "Password", "long-enough-pw", "Role", "read_only", "Extra", 1))
                .when().post("/v1/users").then().statusCode(400)
                .body("error.details.field", contains("Extra"))
                .body("error.message", containsString("Unknown field 'Extra'; allowed: Department, Email, IsActive"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("Name", "X", "Email", "x@example.com", "Password", "long-enough-pw", "Role", "read_only", "IsActive", "yes"))
                .when().post("/v1/users").then().statusCode(400)
                .body("error.details.field", contains("IsActive"))
                .body("error.message", containsString("expected true or false"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).when().post("/v1/users").then().statusCode(400)
                .body("error.message", equalTo("Send a JSON object as the request body"));

        // PATCH: a field left out stays, one sent as null is cleared, or refused when a user must have it
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("Title", "Rep", "Department", "Sales"))
                .when().patch("/v1/users/" + id).then().statusCode(200)
                .body("Title", equalTo("Rep")).body("Department", equalTo("Sales"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"Title\": null}")
                .when().patch("/v1/users/" + id).then().statusCode(200)
                .body("Title", nullValue()).body("Department", equalTo("Sales")).body("Email", equalTo(email));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"Name\": null, \"Role\": null, \"Email\": \"\"}")
                .when().patch("/v1/users/" + id).then().statusCode(400)
                .body("error.details.field", contains("Email", "Name", "Role"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"Password\": \"short\"}")
                .when().patch("/v1/users/" + id).then().statusCode(400)
                .body("error.message", equalTo("Password must have at least 10 characters"));
        given().auth().oauth2(admin).when().get("/v1/users/" + id).then().statusCode(200)
                .body("Name", notNullValue()).body("Role", equalTo("sales_rep"));
        given().auth().oauth2(rep).contentType(ContentType.JSON).body(Map.of("Role", "admin"))
                .when().patch("/v1/users/" + id).then().statusCode(403);

        // deactivation ends the user's logins
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("IsActive", false))
                .when().patch("/v1/users/" + id).then().statusCode(200).body("IsActive", equalTo(false));
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", login.getString("refreshToken")))
                .when().post("/v1/auth/refresh").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "long-enough-pw"))
                .when().post("/v1/auth/token").then().statusCode(401);
    }
}
