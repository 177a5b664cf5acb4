package com.hotcrm.ai.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Ids that cannot be record ids (a NUL, hundreds of characters) are answered by ai-service itself, in the
 * envelope, as a client error: they never become a question query-service refuses and a 500 here.
 */
@QuarkusTest
class MalformedIdsTest {

    @Test
    void aPathIdThatIsNoRecordIdIsNotFound() {
        for (String path : new String[] { "/v1/ai/lead-score/%00", "/v1/ai/win-prediction/%00",
                "/v1/ai/lead-score/" + "x".repeat(300), "/v1/ai/win-prediction/opp_%27%20OR%201=1" }) {
            given().urlEncodingEnabled(false).when().post(path)
                    .then().statusCode(404)
                    .body("error.code", equalTo("NOT_FOUND"))
                    .body("error.message", not(containsString("\u0000")));
        }
    }

    @Test
    void aBodyAccountIdThatIsNoRecordIdIsAValidationError() {
        for (String endpoint : new String[] { "/v1/ai/product-recommend", "/v1/ai/briefing" }) {
            given().contentType(ContentType.JSON).body(Map.of("accountId", "a".repeat(300)))
                    .when().post(endpoint)
                    .then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.details[0].field", equalTo("accountId"));
            given().contentType(ContentType.JSON).body("{\"accountId\": \"acc_\\u0000\"}")
                    .when().post(endpoint)
                    .then().statusCode(400)
                    .body("error.details[0].field", equalTo("accountId"));
        }
    }
}
