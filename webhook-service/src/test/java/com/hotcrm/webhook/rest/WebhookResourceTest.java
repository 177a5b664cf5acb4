package com.hotcrm.webhook.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.webhook.support.Webhooks;
import com.hotcrm.webhook.support.WithReceiver;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class WebhookResourceTest extends WithReceiver {



    /** Webhook owners and their access come from schema crm. */
    @org.junit.jupiter.api.BeforeEach
    void crm() {
        com.hotcrm.webhook.support.CrmFixture.ensure();
    }

    @Test
    void createGetListPatchDeleteWithTheSeedsFieldsAndTheSecretOnlyOnCreation() {
        Map<String, Object> body = Webhooks.body("Opportunity", List.of("update", "create"), receiver.url("/crud"));
        body.put("secret", "webhook_secret_key");
        String id = Webhooks.create(body).statusCode(201)
                .header("Location", startsWith("/v1/webhooks/wh_"))
                .body("id", startsWith("wh_"))
                .body("name", equalTo("Opportunity hook"))
                .body("object", equalTo("Opportunity"))
                .body("events", equalTo(List.of("create", "update")))
                .body("url", equalTo(receiver.url("/crud")))
                .body("active", equalTo(true))
                .body("ownerId", equalTo("usr_testadmin"))
                .body("secret", equalTo("webhook_secret_key"))
                .extract().path("id");

        String got = given().when().get("/v1/webhooks/" + id).then().statusCode(200)
                .body("name", equalTo("Opportunity hook")).body("secret", nullValue()).extract().asString();
        assertFalse(got.contains("webhook_secret_key"));
        String list = given().when().get("/v1/webhooks").then().statusCode(200)
                .body("webhooks.id", hasItem(id)).body("totalCount", notNullValue()).body("limit", equalTo(50))
                .extract().asString();
        assertFalse(list.contains("webhook_secret_key"));

        given().contentType(ContentType.JSON).body(Map.of("name", "Renamed", "events", List.of("delete"), "active", false))
                .when().patch("/v1/webhooks/" + id).then().statusCode(200)
                .body("name", equalTo("Renamed")).body("events", equalTo(List.of("delete")))
                .body("active", equalTo(false)).body("disabledReason", containsString("usr_testadmin"))
                .body("secret", nullValue());
        given().contentType(ContentType.JSON).body(Map.of("active", true))
                .when().patch("/v1/webhooks/" + id).then().statusCode(200)
                .body("active", equalTo(true)).body("disabledReason", nullValue());

        String rotated = given().contentType(ContentType.JSON).body(Map.of("rotateSecret", true))
                .when().patch("/v1/webhooks/" + id).then().statusCode(200)
                .body("secret", startsWith("whsec_")).extract().path("secret");
        assertNotEquals("webhook_secret_key", rotated);
        given().contentType(ContentType.JSON).body(Map.of("secret", "another_secret_of_mine"))
                .when().patch("/v1/webhooks/" + id).then().statusCode(200).body("secret", equalTo("another_secret_of_mine"));

        given().when().delete("/v1/webhooks/" + id).then().statusCode(200)
                .body("success", equalTo(true)).body("message", equalTo("Webhook deleted successfully"));
        given().when().get("/v1/webhooks/" + id).then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        given().when().delete("/v1/webhooks/" + id).then().statusCode(404);
    }

    @Test
    void aGeneratedSecretIsAStandardWebhooksSecret() {
        Webhooks.create(Webhooks.body("Account", List.of("create"), receiver.url("/gen"))).statusCode(201)
                .body("secret", startsWith("whsec_"));
    }

    @Test
    void badInputIsAValidationErrorNamingEachField() {
        given().contentType(ContentType.JSON).body("""
                {"name": "", "object": "Nope", "events": ["create", "explode"], "url": "ftp://x", "secret": "short"}""")
                .when().post("/v1/webhooks").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details.field", contains("events[1]", "name", "object", "secret", "url"))
                .body("error.details.message", hasItem("secret must be 16 to 256 characters"));
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "object", "Account", "events", List.of("create"),
                "url", receiver.url("/x"), "color", 1)).when().post("/v1/webhooks").then().statusCode(400)
                .body("error.message", equalTo("Unknown field 'color'; allowed: active, events, name, object, secret, url"));
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "object", "Account", "events", "create",
                "url", receiver.url("/x"))).when().post("/v1/webhooks").then().statusCode(400)
                .body("error.details.field", contains("events"))
                .body("error.message", containsString("expected an array"));
        given().contentType(ContentType.JSON).body("{\"name\": null, \"url\": null}").when().patch("/v1/webhooks/wh_nope")
                .then().statusCode(400).body("error.details.field", contains("name", "url"));
        given().contentType(ContentType.JSON).body(Map.of("secret", "a-long-enough-secret", "rotateSecret", true))
                .when().patch("/v1/webhooks/wh_nope").then().statusCode(400)
                .body("error.details.field", contains("rotateSecret"));
        given().contentType(ContentType.JSON).body("{}").when().post("/v1/webhooks").then().statusCode(400)
                .body("error.details.field", hasItems("name", "object", "events", "url"));
        given().contentType(ContentType.JSON).body("[1]").when().post("/v1/webhooks").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"));
        given().contentType(ContentType.JSON).body("{\"name\": ").when().post("/v1/webhooks").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"));
        given().contentType(ContentType.JSON).body(Map.of("events", List.of())).when().patch("/v1/webhooks/wh_nope")
                .then().statusCode(400).body("error.details.field", hasItem("events"));
        given().queryParam("limit", 500).when().get("/v1/webhooks").then().statusCode(400)
                .body("error.details.field", hasItem("limit"));
        for (String name : List.of("nul\u0000name", "next\u0085line")) {
            given().contentType(ContentType.JSON).body(Map.of("name", name, "object", "Account",
                    "events", List.of("create"), "url", receiver.url("/x"))).when().post("/v1/webhooks").then().statusCode(400)
                    .body("error.details.field", hasItem("name"))
                    .body("error.message", equalTo("name must not contain control characters"));
        }
        given().when().get("/v1/webhooks/wh_%00x").then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        given().when().post("/v1/webhooks/wh_nope/deliveries/msg_%00/retry").then().statusCode(404);
    }

    @Test
    void privateAndMetadataAddressesAreRefusedAndHttpsIsRequired() {
        for (String url : List.of("https://10.0.0.5/hook", "https://192.168.1.2/hook", "https://169.254.169.254/latest",
                "https://[::1]/hook", "http://example.com/hook", "https://127.0.0.2/hook")) {
            Webhooks.create(Webhooks.body("Account", List.of("create"), url)).statusCode(400)
                    .body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.details[0].field", equalTo("url"));
        }
    }

    @Test
    void webhooksBelongToTheirCreatorAndAdminsSeeAll() {
        String manager = TestTokens.user("usr_mgr1", "sales_manager", "Standard");
        String other = TestTokens.user("usr_mgr2", "sales_manager", "Standard");
        String id = given().auth().oauth2(manager).contentType(ContentType.JSON)
                .body(Webhooks.body("Opportunity", List.of("create"), receiver.url("/mine")))
                .when().post("/v1/webhooks").then().statusCode(201).body("ownerId", equalTo("usr_mgr1"))
                .extract().path("id");
        given().auth().oauth2(manager).when().get("/v1/webhooks").then().statusCode(200)
                .body("webhooks.ownerId", everyItemIs("usr_mgr1")).body("webhooks.id", hasItem(id));
        given().auth().oauth2(other).when().get("/v1/webhooks").then().statusCode(200).body("webhooks.id", not(hasItem(id)));
        given().auth().oauth2(other).when().get("/v1/webhooks/" + id).then().statusCode(404);
        given().auth().oauth2(other).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .when().patch("/v1/webhooks/" + id).then().statusCode(404);
        given().auth().oauth2(other).when().delete("/v1/webhooks/" + id).then().statusCode(404);
        given().auth().oauth2(other).when().get("/v1/webhooks/" + id + "/deliveries").then().statusCode(404);
        given().auth().oauth2(other).when().post("/v1/webhooks/" + id + "/test").then().statusCode(404);
        given().when().get("/v1/webhooks/" + id).then().statusCode(200);
        given().when().get("/v1/webhooks").then().body("webhooks.id", hasItem(id));
        given().auth().none().when().get("/v1/webhooks").then().statusCode(401)
                .body("error.code", equalTo("AUTHENTICATION_ERROR"));
    }

    @Test
    void aUserMaySubscribeOnlyToObjectsTheirRoleMayReadAsTheAdminSetIt() {
        com.hotcrm.webhook.support.CrmFixture crm = com.hotcrm.webhook.support.CrmFixture.ensure();
        String rep = TestTokens.user("usr_rep1", "sales_rep", "Standard");
        String agent = TestTokens.user("usr_agent1", "support_agent", "Standard");
        given().auth().oauth2(agent).contentType(ContentType.JSON)
                .body(Webhooks.body("Opportunity", List.of("create"), receiver.url("/agent")))
                .when().post("/v1/webhooks").then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"))
                .body("error.message", containsString("may not read Opportunity"));
        given().auth().oauth2(rep).contentType(ContentType.JSON)
                .body(Webhooks.body("Opportunity", List.of("create"), receiver.url("/rep")))
                .when().post("/v1/webhooks").then().statusCode(201);
        given().auth().oauth2(rep).contentType(ContentType.JSON)
                .body(Webhooks.body("Product", List.of("create"), receiver.url("/rep")))
                .when().post("/v1/webhooks").then().statusCode(201);
        given().auth().oauth2(rep).contentType(ContentType.JSON)
                .body(Webhooks.body("Nowhere__c", List.of("create"), receiver.url("/rep")))
                .when().post("/v1/webhooks").then().statusCode(400).body("error.details[0].field", equalTo("object"));
        crm.permissions("Opportunity", "sales_rep", false, false);
        try {
            given().auth().oauth2(rep).contentType(ContentType.JSON)
                    .body(Webhooks.body("Opportunity", List.of("create"), receiver.url("/rep")))
                    .when().post("/v1/webhooks").then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));
        } finally {
            crm.resetAccess("Opportunity");
        }
    }

    private static org.hamcrest.Matcher<Iterable<? extends String>> everyItemIs(String value) {
        return org.hamcrest.Matchers.everyItem(equalTo(value));
    }
}
