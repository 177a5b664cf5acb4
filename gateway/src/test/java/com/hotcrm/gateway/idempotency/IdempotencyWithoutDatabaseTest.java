package com.hotcrm.gateway.idempotency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.Ports;
import com.hotcrm.gateway.proxy.FakeUpstreams;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The gateway's database out of reach (nothing listens where it points): a write with an Idempotency-Key is refused
 * with 503 and Retry-After rather than run without its guarantee, and everything else, writes without a key
 * included, goes on as before; the gateway stays ready.
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
@TestProfile(IdempotencyWithoutDatabaseTest.NoDatabase.class)
class IdempotencyWithoutDatabaseTest {

    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + Ports.free() + "/hotcrm");
        }
    }

    @Test
    void keyedWritesWaitForTheDatabaseAndTheRestGoesOn() {
        int before = FakeUpstreams.RECEIVED.getOrDefault("/v1/accounts", 0);
        given().header("Idempotency-Key", UUID.randomUUID().toString()).contentType("application/json").body("{}")
                .when().post("/v1/accounts")
                .then().statusCode(503).header("Retry-After", "1")
                .body("error.code", equalTo("SERVER_ERROR"))
                .body("error.message", containsString("cannot be taken right now"));
        // nothing reached the service
        org.junit.jupiter.api.Assertions.assertEquals(before, FakeUpstreams.RECEIVED.getOrDefault("/v1/accounts", 0));

        given().contentType("application/json").body("{}").when().post("/v1/accounts").then().statusCode(200);
        given().when().get("/v1/accounts").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
