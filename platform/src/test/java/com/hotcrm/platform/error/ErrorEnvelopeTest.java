package com.hotcrm.platform.error;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ErrorEnvelopeTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void crmExceptionIsAnsweredWithItsCodeStatusAndDetails(ErrorCode code) {
        given().when().get("/test-errors/crm/" + code.name())
                .then().statusCode(code.status())
                .contentType("application/json")
                .body("error.code", equalTo(code.name()))
                .body("error.message", equalTo("Failed with " + code.name()))
                .body("error.details[0].field", equalTo("Email"))
                .body("error.details[0].message", equalTo("Email is required"));
    }

    @Test
    void unknownPathIsNotFoundInTheEnvelope() {
        given().when().get("/no/such/path")
                .then().statusCode(404)
                .contentType("application/json")
                .body("error.code", equalTo("NOT_FOUND"))
                .body("error.message", containsString("/no/such/path"))
                .body("error.details", emptyIterable());
    }

    @Test
    void wrongMethodIsMethodNotAllowed() {
        given().when().delete("/test-errors/boom")
                .then().statusCode(405)
                .body("error.code", equalTo("METHOD_NOT_ALLOWED"))
                .body("error.message", containsString("DELETE /test-errors/boom"));
    }

    @Test
    void wrongMediaTypeIsUnsupportedMediaType() {
        given().contentType("text/plain").body("name=x").when().post("/test-errors/echo")
                .then().statusCode(415)
                .body("error.code", equalTo("UNSUPPORTED_MEDIA_TYPE"))
                .body("error.message", containsString("application/json"));
    }

    @Test
    void malformedJsonIsAValidationErrorSayingWhere() {
        given().contentType("application/json").body("{\"name\": \"x\",\n \"amount\": }").when().post("/test-errors/echo")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", containsString("Malformed JSON at line 2, column"))
                .body("error.message", not(containsString("com.fasterxml")));
    }

    @Test
    void wrongValueTypeNamesTheField() {
        given().contentType("application/json").body("{\"name\": \"x\", \"amount\": \"lots\"}").when().post("/test-errors/echo")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details", hasSize(1))
                .body("error.details[0].field", equalTo("amount"))
                .body("error.details[0].message", containsString("expected a number"));
    }

    @Test
    void validJsonStillWorks() {
        given().contentType("application/json").body("{\"name\": \"x\", \"amount\": 3, \"tags\": [\"a\"]}")
                .when().post("/test-errors/echo")
                .then().statusCode(200)
                .body("amount", equalTo(3));
    }

    @Test
    void unexpectedFailureIsServerErrorWithRequestIdAndNoInternals() {
        given().header("X-Request-Id", "req-123").when().get("/test-errors/boom")
                .then().statusCode(500)
                .header("X-Request-Id", "req-123")
                .body("error.code", equalTo("SERVER_ERROR"))
                .body("error.message", equalTo("Internal server error (request id req-123)"))
                .body("error.message", not(containsString("SELECT")));
    }

    @Test
    void everyResponseCarriesARequestIdAndAnInvalidOneIsReplaced() {
        given().header("X-Request-Id", "bad id with spaces").when().get("/no/such/path")
                .then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        given().when().get("/test-errors/crm/NOT_FOUND")
                .then().header("X-Request-Id", notNullValue());
    }

    @Test
    void bodyOverTheLimitIsPayloadTooLarge() {
        String big = "{\"name\": \"" + "x".repeat(8 * 1024) + "\", \"amount\": 1}";
        given().contentType("application/json").body(big).when().post("/test-errors/echo")
                .then().statusCode(413)
                .body("error.code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void unknownFieldOfAStrictBodyIsRefusedNamingTheFieldsItHas() {
        given().contentType("application/json").body("{\"Name\": \"x\", \"nmae\": \"y\"}").when().post("/test-errors/strict")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", equalTo("Unknown field 'nmae'; allowed: Name, active, count, title"))
                .body("error.details[0].field", equalTo("nmae"));
    }

    @Test
    void unknownFieldOfALenientBodyIsIgnored() {
        given().contentType("application/json").body("{\"name\": \"x\", \"amount\": 1, \"extra\": true}")
                .when().post("/test-errors/echo")
                .then().statusCode(200);
    }

    @Test
    void scalarsAreNotCoerced() {
        for (String body : new String[] { "{\"Name\": 12}", "{\"Name\": true}", "{\"Name\": \"x\", \"active\": \"true\"}",
                "{\"Name\": \"x\", \"active\": 1}", "{\"Name\": \"x\", \"count\": \"3\"}", "{\"Name\": \"x\", \"count\": 1.5}",
                "{\"Name\": \"x\", \"count\": \"\"}", "{\"Name\": \"x\", \"count\": \"\\u0000\"}", "{\"Name\": \"x\", \"active\": \"\"}" }) {
            given().contentType("application/json").body(body).when().post("/test-errors/strict")
                    .then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.details", hasSize(1))
                    .body("error.message", containsString("Invalid value for"));
        }
    }

    @Test
    void anOptionalFieldTellsLeftOutFromSentAsNull() {
        given().contentType("application/json").body("{\"Name\": \"x\"}").when().post("/test-errors/strict")
                .then().statusCode(200).body("title", equalTo("absent"));
        given().contentType("application/json").body("{\"Name\": \"x\", \"title\": null}").when().post("/test-errors/strict")
                .then().statusCode(200).body("title", equalTo("cleared"));
        given().contentType("application/json").body("{\"Name\": \"x\", \"title\": \"Dr\"}").when().post("/test-errors/strict")
                .then().statusCode(200).body("title", equalTo("Dr"));
    }

    @Test
    void everyBrokenConstraintIsOneDetailSortedByField() {
        given().contentType("application/json").body("{\"title\": \"Professor\", \"count\": -1}").when().post("/test-errors/strict")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details.field", contains("Name", "count", "title"))
                .body("error.message", equalTo("Name is required"));
    }

    @Test
    void anEmptyBodyIsAskedFor() {
        given().contentType("application/json").when().post("/test-errors/strict")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", equalTo("Send a JSON object as the request body"));
    }
}
