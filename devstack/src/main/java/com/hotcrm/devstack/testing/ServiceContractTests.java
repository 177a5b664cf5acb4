package com.hotcrm.devstack.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

/**
 * What every HotCRM service promises, checked against the running Quarkus app of a module: a subclass
 * annotated {@code @QuarkusTest} (with the module's test resources) runs these tests on that service.
 */
public abstract class ServiceContractTests {

    /** The service's name as its readiness and logs report it. */
    protected abstract String serviceName();

    /** Whether readiness must list checks of the service's dependencies (its database, its broker...). */
    protected boolean hasReadinessDependencies() {
        return true;
    }

    @Test
    public void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    public void readinessIsUpAndChecksItsDependencies() {
        var ready = given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.status", everyItem(equalTo("UP")));
        if (hasReadinessDependencies()) {
            ready.body("checks", not(emptyIterable()));
        }
    }

    @Test
    public void metricsAreExposedForPrometheus() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    public void openApiDocumentIsPublished() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", notNullValue())
                .body("info.title", containsString(serviceName()));
    }

    @Test
    public void unknownPathIsTheNotFoundEnvelope() {
        given().when().get("/v1/definitely-not-here/x/y/z")
                .then().statusCode(404)
                .contentType(containsString("application/json"))
                .body("error.code", equalTo("NOT_FOUND"))
                .body("error.details", emptyIterable());
    }

    @Test
    public void requestIdIsEchoed() {
        given().header("X-Request-Id", "contract-test-1").when().get("/q/health/live")
                .then().header("X-Request-Id", equalTo("contract-test-1"));
    }
}
