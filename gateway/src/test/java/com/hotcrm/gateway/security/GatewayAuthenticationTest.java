package com.hotcrm.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.gateway.proxy.FakeUpstreams;
import com.hotcrm.gateway.proxy.TestClients;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class GatewayAuthenticationTest {

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> badTokens() throws Exception {
        String good = TestTokens.user("usr_ana", "sales_rep", "Standard");
        String[] parts = good.split("\\.");
        String trustedKid = TestTokens.trusted().keyId();

        // RS256 under the trusted kid, signed by another key
        JsonWebSignature forged = new JsonWebSignature();
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        forged.setPayload(payload);
        forged.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        forged.setKeyIdHeaderValue(trustedKid);
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        forged.setKey(generator.generateKeyPair().getPrivate());

        // HS256 keyed with the public JWKS text: the algorithm-confusion attack
        JsonWebSignature hmac = new JsonWebSignature();
        hmac.setPayload(payload);
        hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hmac.setKeyIdHeaderValue(trustedKid);
        hmac.setKey(new HmacKey(TestTokens.jwks().getBytes(StandardCharsets.UTF_8)));
        hmac.setDoKeyValidation(false);

        return Stream.of(
                Arguments.of("missing", null),
                Arguments.of("not bearer", "Basic dXNlcjpwYXNz"),
                Arguments.of("malformed", "Bearer not-a-token"),
                Arguments.of("expired", "Bearer " + TestTokens.trusted().sign("usr_ana", "sales_rep", "Standard", null,
                        Duration.ofMinutes(-5))),
                Arguments.of("tampered payload", "Bearer " + parts[0] + "." + b64("{\"sub\":\"usr_admin\",\"groups\":[\"admin\"],\"iss\":\"hotcrm\",\"aud\":\"hotcrm-api\",\"exp\":4102444800}") + "." + parts[2]),
                Arguments.of("alg none", "Bearer " + b64("{\"alg\":\"none\",\"kid\":\"" + trustedKid + "\"}") + "." + parts[1] + "."),
                Arguments.of("unknown key", "Bearer " + TestTokens.other().sign("usr_ana", "admin", "Enterprise", null, Duration.ofHours(1))),
                Arguments.of("wrong key, trusted kid", "Bearer " + forged.getCompactSerialization()),
                Arguments.of("hs256 confusion", "Bearer " + hmac.getCompactSerialization()),
                Arguments.of("unknown api token", "Bearer hcrm_nope_nope"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void badTokensAreUnauthenticatedAndNeverReachAService(String name, String authorization) {
        int before = FakeUpstreams.RECEIVED.getOrDefault("/v1/accounts", 0);
        var request = given().auth().none();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.when().get("/v1/accounts")
                .then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error.code", equalTo("AUTHENTICATION_ERROR"))
                .body("error.details.size()", equalTo(0));
        assertEquals(before, FakeUpstreams.RECEIVED.getOrDefault("/v1/accounts", 0), name + " reached the service");
    }

    @Test
    void expiredTokensSayHowToRenew() {
        given().auth().oauth2(TestTokens.trusted().sign("usr_ana", "sales_rep", "Standard", null, Duration.ofMinutes(-5)))
                .when().get("/v1/accounts")
                .then().statusCode(401).body("error.message", containsString("expired"));
    }

    @Test
    void aValidTokenIsForwardedToTheService() {
        String token = TestTokens.user("usr_ana", "sales_rep", "Standard");
        given().auth().oauth2(token).when().get("/v1/accounts")
                .then().statusCode(200)
                .body("authorization", equalTo("Bearer " + token));
    }

    @Test
    void loginAndJwksNeedNoToken() {
        given().auth().none().contentType("application/json").body("{}")
                .when().post("/v1/auth/token")
                .then().statusCode(200).body("service", equalTo("auth-service"));
        given().auth().none().when().get("/v1/auth/jwks")
                .then().statusCode(200).body("keys[0].kid", equalTo(TestTokens.trusted().keyId()));
    }

    @Test
    void anApiTokenTravelsAsItsExchangedTokenAndStopsWorkingOnceRevoked() throws InterruptedException {
        String apiToken = "hcrm_abcd1234_secret-of-bob";
        FakeUpstreams.API_TOKENS.put(apiToken, "usr_bob");
        String forwarded = given().auth().oauth2(apiToken).when().get("/v1/accounts")
                .then().statusCode(200)
                .header("X-RateLimit-Limit", "1000")
                .extract().path("authorization");
        assertNotEquals("Bearer " + apiToken, forwarded, "the secret never reaches a service");
        JsonPath claims = JsonPath.from(new String(Base64.getUrlDecoder().decode(forwarded.split("\\.")[1]),
                StandardCharsets.UTF_8));
        assertEquals("usr_bob", claims.getString("sub"));
        assertEquals("tok_usr_bob", claims.getString("tid"));

        // cached: a second call does not ask auth-service again
        int exchanges = FakeUpstreams.RECEIVED.get("/internal/token-exchange");
        given().auth().oauth2(apiToken).when().get("/v1/accounts").then().statusCode(200);
        assertEquals(exchanges, FakeUpstreams.RECEIVED.get("/internal/token-exchange"));

        FakeUpstreams.API_TOKENS.remove(apiToken);
        Thread.sleep(FakeUpstreams.API_TOKEN_CACHE_TTL.toMillis() + 200);
        given().auth().oauth2(apiToken).when().get("/v1/accounts")
                .then().statusCode(401).body("error.code", equalTo("AUTHENTICATION_ERROR"));
    }

    @Test
    void anApiTokenAuthServiceCannotCheckIsAnsweredUnavailableWithRetryAfterNotUnauthenticated() {
        String apiToken = "hcrm_down0000_" + System.nanoTime();
        FakeUpstreams.API_TOKENS.put(apiToken, FakeUpstreams.UNAVAILABLE);
        int before = exchanges();
        try {
            for (int i = 0; i < 2; i++) {
                given().auth().oauth2(apiToken).when().get("/v1/accounts")
                        .then().statusCode(503)
                        .header("Retry-After", "1")
                        .body("error.code", equalTo("SERVER_ERROR"))
                        .body("error.message", containsString("try again shortly"));
            }
            // not remembered as refused: each request asks auth-service again
            assertEquals(before + 2, exchanges());
        } finally {
            FakeUpstreams.API_TOKENS.remove(apiToken);
        }
    }

    static int exchanges() {
        return FakeUpstreams.RECEIVED.getOrDefault("/internal/token-exchange", 0);
    }

    @Test
    void aRepeatedBadApiTokenReachesAuthServiceOnce() {
        String client = TestClients.address();
        String bad = "hcrm_repeat00_" + System.nanoTime();
        int before = exchanges();
        for (int i = 0; i < 10; i++) {
            given().auth().none().header("Authorization", "Bearer " + bad).header("X-Forwarded-For", client)
                    .when().get("/v1/accounts")
                    .then().statusCode(401).body("error.code", equalTo("AUTHENTICATION_ERROR"));
        }
        assertEquals(before + 1, exchanges(), "auth-service is asked about a refused token once");
    }

    @Test
    void aClientSendingManyBadApiTokensIsRateLimitedWithoutReachingAuthService() {
        String client = TestClients.address();
        int before = exchanges();
        // 20 refused tokens a minute per address are answered 401; the 21st is a 429
        for (int i = 1; i <= 20; i++) {
            given().auth().none().header("Authorization", "Bearer hcrm_random00_" + System.nanoTime())
                    .header("X-Forwarded-For", client)
                    .when().get("/v1/accounts")
                    .then().statusCode(401);
        }
        var limited = given().auth().none().header("Authorization", "Bearer hcrm_random00_" + System.nanoTime())
                .header("X-Forwarded-For", client)
                .when().get("/v1/accounts");
        assertEquals(429, limited.statusCode());
        assertEquals("RATE_LIMIT_ERROR", limited.jsonPath().getString("error.code"));
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertEquals(true, retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(before + 21, exchanges());

        // from now on that address's new tokens, good ones too, do not reach auth-service
        String good = "hcrm_goodgood_" + System.nanoTime();
        FakeUpstreams.API_TOKENS.put(good, "usr_carol");
        for (int i = 0; i < 5; i++) {
            given().auth().none().header("Authorization", "Bearer hcrm_random00_" + System.nanoTime())
                    .header("X-Forwarded-For", client)
                    .when().get("/v1/accounts")
                    .then().statusCode(429).header("Retry-After", notNullValue());
        }
        given().auth().none().header("Authorization", "Bearer " + good).header("X-Forwarded-For", client)
                .when().get("/v1/accounts").then().statusCode(429);
        assertEquals(before + 21, exchanges(), "a limited address reaches auth-service no more");
        // another address is not affected
        given().auth().none().header("Authorization", "Bearer " + good).header("X-Forwarded-For", "192.0.2.77")
                .when().get("/v1/accounts").then().statusCode(200);
        FakeUpstreams.API_TOKENS.remove(good);
    }
}
