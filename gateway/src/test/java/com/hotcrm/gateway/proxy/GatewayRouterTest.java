package com.hotcrm.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class GatewayRouterTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "POST, /v1/auth/token, auth-service",
            "GET, /v1/users, auth-service",
            "GET, /v1/metadata/objects/Account, records-service",
            "POST, /v1/batch/contacts, records-service",
            "POST, /v1/query, query-service",
            "GET, /v1/accounts, query-service",
            "GET, /v1/accounts/count, query-service",
            "GET, /v1/opportunities/sum/Amount, query-service",
            "POST, /v1/opportunities/groupby, query-service",
            "GET, /v1/webhooks, webhook-service",
            "POST, /v1/accounts, records-service",
            "GET, /v1/accounts/acc_1, records-service",
            "PATCH, /v1/accounts/acc_1, records-service",
            "PUT, /v1/accounts/acc_1, records-service",
            "DELETE, /v1/accounts/acc_1, records-service",
    })
    void eachRouteReachesItsServiceWithMethodPathAndBodyIntact(String method, String path, String service) {
        given().contentType("application/json").body("{\"Name\":\"Acme\"}").queryParam("fields", "Name,Industry")
                .when().request(method, path)
                .then().statusCode(200)
                .body("service", equalTo(service))
                .body("method", equalTo(method))
                .body("path", equalTo(path))
                .body("query", equalTo("fields=Name%2CIndustry"))
                .body("body", equalTo("{\"Name\":\"Acme\"}"))
                .body("forwardedFor", notNullValue())
                .body("forwardedProto", equalTo("http"));
    }

    @Test
    void requestIdIsMadeForwardedAndReturnedOnce() {
        Response response = given().when().get("/v1/accounts");
        List<String> ids = response.headers().getValues("X-Request-Id");
        assertEquals(1, ids.size(), "one X-Request-Id header");
        assertEquals(ids.get(0), response.jsonPath().getString("requestId"), "the service saw the same id");
        given().header("X-Request-Id", "client-chosen-42").when().get("/v1/accounts")
                .then().header("X-Request-Id", "client-chosen-42")
                .body("requestId", equalTo("client-chosen-42"));
    }

    @Test
    void everyRequestCarriesATraceToItsServiceRecordedOnlyWhenTheCallersTraceIs() {
        // no collector configured: the gateway starts a trace (its id for the logs and the events) but
        // records no spans, so it passes it on unsampled
        String started = given().when().get("/v1/accounts").then().statusCode(200).extract().path("traceparent");
        assertTrue(started != null && started.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"), "traceparent " + started);
        assertNotEquals("00000000000000000000000000000000", started.split("-")[1]);
        // a caller's sampled trace is continued, and stays sampled
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String continued = given().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .when().get("/v1/accounts").then().statusCode(200).extract().path("traceparent");
        assertTrue(continued != null && continued.matches("00-" + traceId + "-[0-9a-f]{16}-01"), "traceparent " + continued);
    }

    @Test
    void unknownPathIsNotFoundInTheEnvelope() {
        given().when().get("/v1/accounts/acc_1/nothing/here")
                .then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"))
                .body("error.message", containsString("/v1/accounts/acc_1/nothing/here"));
        given().when().get("/elsewhere")
                .then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
    }

    @Test
    void wrongMethodIsMethodNotAllowedWithTheAllowedOnes() {
        given().when().delete("/v1/accounts")
                .then().statusCode(405)
                .header("Allow", "GET, POST")
                .body("error.code", equalTo("METHOD_NOT_ALLOWED"));
    }

    @Test
    void unreachableServiceIsServiceUnavailableInTheEnvelope() {
        given().when().post("/v1/ai/lead-score/lead_1")
                .then().statusCode(503)
                .body("error.code", equalTo("SERVER_ERROR"))
                .body("error.message", containsString("ai-service is unavailable"))
                .header("X-Request-Id", notNullValue());
    }

    @Test
    void slowServiceIsGatewayTimeoutInTheEnvelope() {
        given().when().get("/v1/accounts/slow")
                .then().statusCode(504)
                .body("error.code", equalTo("SERVER_ERROR"))
                .body("error.message", matchesPattern(".*records-service did not answer in time.*"));
    }

    @Test
    void healthShowsEachServiceAndIsDownWhileOneIs() {
        given().when().get("/q/health")
                .then().statusCode(503)
                .body("checks.find { it.name == 'upstream services' }.data.'records-service'", equalTo("UP"))
                .body("checks.find { it.name == 'upstream services' }.data.'auth-service'", equalTo("UP"))
                .body("checks.find { it.name == 'upstream services' }.data.'ai-service'", equalTo("DOWN"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aLongQueryStringIsForwardedAndOnePastTheLimitIsA414InTheEnvelope() {
        String longFilter = "[[\"Name\",\"in\",[" + "\"x\",".repeat(1200) + "\"y\"]]]";
        given().queryParam("filters", longFilter).when().get("/v1/accounts")
                .then().statusCode(200)
                .body("service", equalTo("query-service"));
        given().queryParam("filters", "x".repeat(20_000)).when().get("/v1/accounts")
                .then().statusCode(414)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", containsString("POST /v1/query"));
    }
}
