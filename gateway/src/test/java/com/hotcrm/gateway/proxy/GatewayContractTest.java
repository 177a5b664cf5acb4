package com.hotcrm.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.ServiceContractTests;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class GatewayContractTest extends ServiceContractTests {

    @Override
    protected String serviceName() {
        return "gateway";
    }

    /**
     * The gateway's document is the whole API's (OpenApiDocument), titled for it; its fake services publish
     * none, so it holds the standard objects. Swagger UI at /docs reads it.
     */
    @Override
    @Test
    public void openApiDocumentIsPublished() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", equalTo("3.1.0"))
                .body("info.title", equalTo("HotCRM API"))
                .body("components.schemas.Account.properties.Name.type", equalTo("string"))
                .body("paths.'/v1/accounts'.post.responses.'201'.description", equalTo("Created"));
        // with a token it is the caller's (their metadata, here the fake service's: no objects); a bad one is refused
        given().when().get("/v1/openapi.json")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("info.title", equalTo("HotCRM API"));
        given().auth().oauth2("not-a-token").when().get("/v1/openapi.json")
                .then().statusCode(401)
                .body("error.code", equalTo("AUTHENTICATION_ERROR"));
        // a service that does not answer (the fake ai-service has no listener) leaves the rest served, and says so
        given().auth().none().when().get("/v1/openapi.json")
                .then().statusCode(200)
                .body("components.schemas.Account.type", equalTo("object"))
                .body("'x-hotcrm-missing'", equalTo(List.of(FakeUpstreams.ABSENT.serviceName())));
        given().redirects().follow(true).when().get("/docs")
                .then().statusCode(200)
                .contentType(containsString("text/html"));
    }

    /** The gateway's services are reported by /q/health, not readiness (see UpstreamsHealthCheck). */
    @Override
    protected boolean hasReadinessDependencies() {
        return false;
    }
}
