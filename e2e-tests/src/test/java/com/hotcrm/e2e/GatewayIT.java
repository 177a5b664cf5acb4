package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The suite as a client sees it: one door, every service behind it healthy, errors in one envelope. */
@ExtendWith(RunningSuite.class)
class GatewayIT {

    @Test
    void everyServiceIsHealthyThroughTheGateway() {
        given().when().get("/q/health")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'upstream services' }.data.'auth-service'", equalTo("UP"))
                .body("checks.find { it.name == 'upstream services' }.data.'records-service'", equalTo("UP"))
                .body("checks.find { it.name == 'upstream services' }.data.'query-service'", equalTo("UP"))
                .body("checks.find { it.name == 'upstream services' }.data.'ai-service'", equalTo("UP"))
                .body("checks.find { it.name == 'upstream services' }.data.'webhook-service'", equalTo("UP"));
    }

    @ParameterizedTest(name = "{0} {1} is answered by {2}")
    @CsvSource({
            "POST, /v1/auth/token, auth-service",
            "GET, /v1/users, auth-service",
            "GET, /v1/metadata/objects, records-service",
            "POST, /v1/accounts, records-service",
            "GET, /v1/accounts/acc_1, records-service",
            "GET, /v1/accounts, query-service",
            "GET, /v1/accounts/count, query-service",
            "POST, /v1/query, query-service",
            "POST, /v1/ai/briefing, ai-service",
            "GET, /v1/webhooks, webhook-service",
    })
    void eachRouteReachesItsService(String method, String path, String service) {
        given().contentType("application/json").body("{}")
                .when().request(method, path)
                .then().header("X-HotCRM-Served-By", service)
                .header("X-Request-Id", notNullValue());
    }

    @Test
    void unknownPathIsTheNotFoundEnvelope() {
        given().when().get("/v1/accounts/acc_1/no/such/thing")
                .then().statusCode(404)
                .contentType(containsString("application/json"))
                .body("error.code", equalTo("NOT_FOUND"))
                .body("error.message", containsString("/v1/accounts/acc_1/no/such/thing"));
        given().when().get("/not-the-api")
                .then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
    }

    @Test
    void malformedJsonIsAValidationErrorSayingWhere() {
        given().contentType("application/json").body("{\"Name\": \"Acme\",\n  \"Industry\": }")
                .when().post("/v1/accounts")
                .then().statusCode(400)
                .contentType(containsString("application/json"))
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", containsString("Malformed JSON at line 2, column"));
    }

    @Test
    void wrongMethodIsMethodNotAllowedWithAllow() {
        given().when().delete("/v1/accounts")
                .then().statusCode(405)
                .header("Allow", "GET, POST")
                .body("error.code", equalTo("METHOD_NOT_ALLOWED"));
    }

    @Test
    void requestIdChosenByTheClientComesBack() {
        given().header("X-Request-Id", "e2e-trace-1").when().get("/v1/accounts")
                .then().header("X-Request-Id", "e2e-trace-1");
    }
}
