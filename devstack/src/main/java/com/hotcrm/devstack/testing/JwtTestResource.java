package com.hotcrm.devstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;

/**
 * Makes a service trust {@link TestTokens}' key (its JWKS written to a file) and sends the test admin's
 * token with every RestAssured request by default. A test overrides it with
 * {@code given().auth().oauth2(other)} or drops it with {@code given().auth().none()}.
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            Path jwks = Files.createTempFile("hotcrm-test-jwks", ".json");
            jwks.toFile().deleteOnExit();
            Files.writeString(jwks, TestTokens.jwks());
            RestAssured.authentication = RestAssured.oauth2(TestTokens.admin());
            return Map.of("mp.jwt.verify.publickey.location", jwks.toUri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
    }
}
