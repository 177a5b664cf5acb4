package com.hotcrm.records.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.records.support.SchemaSnapshot;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;

/** Schema changes are for admins only, and a name that would share a table or column with another is refused. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class SchemaAccessTest {

    @Inject
    Pool pool;

    static RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.user("usr_schema_" + role, role, "Standard")).contentType(ContentType.JSON);
    }

    static final Map<String, Object> NEW_OBJECT = Map.of("name", "Sneaky__c", "label", "Sneaky",
            "fields", List.of(Map.of("name", "Note__c", "type", "text")));
    static final Map<String, Object> NEW_FIELD = Map.of("name", "Ssn__c", "type", "text", "unique", true);

    @ParameterizedTest
    @ValueSource(strings = { "sales_manager", "sales_rep", "support_agent", "read_only" })
    void everyRoleButAdminIsRefusedEverySchemaChangeAndNothingChanges(String role) {
        List<String> before = SchemaSnapshot.of(pool);
        as(role).body(NEW_OBJECT).when().post("/v1/metadata/objects")
                .then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"))
                .body("error.message", containsString("admins"));
        as(role).body(NEW_FIELD).when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));
        as(role).body(Map.of("name", "Mine__c", "type", "text")).when().post("/v1/metadata/objects/Case/fields")
                .then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));
        // nor about what a valid definition looks like: the rights are checked before the body is read
        as(role).body(Map.of("nope", 1)).when().post("/v1/metadata/objects")
                .then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));
        as(role).body("[1]").when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));
        // no hint about what exists: an unknown object is refused the same way
        as(role).body(NEW_FIELD).when().post("/v1/metadata/objects/Spaceship__c/fields")
                .then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));
        assertEquals(before, SchemaSnapshot.of(pool), role + " changed the schema");
        as(role).when().get("/v1/metadata/objects/Account").then().statusCode(200);
    }

    @Test
    void withoutATokenNothingChanges() {
        List<String> before = SchemaSnapshot.of(pool);
        given().auth().none().contentType(ContentType.JSON).body(NEW_OBJECT).when().post("/v1/metadata/objects")
                .then().statusCode(401).body("error.code", equalTo("AUTHENTICATION_ERROR"));
        given().auth().none().contentType(ContentType.JSON).body(NEW_FIELD).when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(401);
        assertEquals(before, SchemaSnapshot.of(pool));
    }

    @Test
    void anAdminMayChangeTheSchema() {
        List<String> before = SchemaSnapshot.of(pool);
        as("admin").body(Map.of("name", "Allowed__c", "label", "Allowed")).when().post("/v1/metadata/objects")
                .then().statusCode(201);
        as("admin").body(Map.of("name", "Allowed__c", "type", "text")).when().post("/v1/metadata/objects/Contact/fields")
                .then().statusCode(201);
        List<String> after = SchemaSnapshot.of(pool);
        assertNotEquals(before, after);
        assertEquals(true, after.contains("table allowed__c"));
        assertEquals(true, after.stream().anyMatch(item -> item.startsWith("column contact.allowed__c ")), after.toString());
    }

    @Test
    void aFieldNameDifferingOnlyInCaseIsRefusedNamingTheClash() {
        as("admin").body(Map.of("name", "TaxRef__c", "type", "text")).when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(201);
        List<String> before = SchemaSnapshot.of(pool);
        as("admin").body(Map.of("name", "TAXREF__c", "type", "number")).when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details[0].field", equalTo("name"))
                .body("error.message", allOf(containsString("TAXREF__c"), containsString("only in case"),
                        containsString("TaxRef__c")));
        assertEquals(before, SchemaSnapshot.of(pool));
        as("admin").body(Map.of("name", "Ssn__c", "type", "text")).when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(201);
        before = SchemaSnapshot.of(pool);
        as("admin").body(Map.of("name", "SSN__c", "type", "text")).when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", allOf(containsString("SSN__c"), containsString("ssn__c"), containsString("Ssn__c")));
        assertEquals(before, SchemaSnapshot.of(pool));
        given().when().get("/v1/metadata/objects/Account").then().body("fields.findAll { it.name == 'TAXREF__c' }.size()",
                equalTo(0));
    }

    @Test
    void aFieldNameThatSnakeCasesTheSameIsRefused() {
        as("admin").body(Map.of("name", "AiScore__c", "type", "number")).when().post("/v1/metadata/objects/Lead/fields")
                .then().statusCode(201);
        List<String> before = SchemaSnapshot.of(pool);
        as("admin").body(Map.of("name", "AIScore__c", "type", "number")).when().post("/v1/metadata/objects/Lead/fields")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", allOf(containsString("ai_score__c"), containsString("AiScore__c")));
        assertEquals(before, SchemaSnapshot.of(pool));
    }

    @Test
    void twoFieldsOfANewObjectSharingAColumnAreRefused() {
        List<String> before = SchemaSnapshot.of(pool);
        as("admin").body(Map.of("name", "Twins__c", "label", "Twins", "fields", List.of(Map.of("name", "Code__c", "type", "text"),
                        Map.of("name", "CODE__c", "type", "text"))))
                .when().post("/v1/metadata/objects")
                .then().statusCode(400).body("error.details[0].field", equalTo("fields[1].name"))
                .body("error.message", containsString("column code__c"));
        assertEquals(before, SchemaSnapshot.of(pool));
    }

    @Test
    void anObjectNameDifferingOnlyInCaseIsRefused() {
        as("admin").body(Map.of("name", "Gadget__c", "label", "Gadget")).when().post("/v1/metadata/objects")
                .then().statusCode(201);
        List<String> before = SchemaSnapshot.of(pool);
        as("admin").body(Map.of("name", "GADGET__c", "label", "Gadget")).when().post("/v1/metadata/objects")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", allOf(containsString("only in case"), containsString("Gadget__c")));
        // CamelCase read differently: FOOBar__c and FooBar__c are both table foo_bar__c
        as("admin").body(Map.of("name", "FooBar__c", "label", "Foo bar")).when().post("/v1/metadata/objects")
                .then().statusCode(201);
        before = SchemaSnapshot.of(pool);
        as("admin").body(Map.of("name", "FOOBar__c", "label", "Foo bar")).when().post("/v1/metadata/objects")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", allOf(containsString("foo_bar__c"), containsString("FooBar__c")));
        assertEquals(before, SchemaSnapshot.of(pool));
    }

    @Test
    void aTableOrColumnTheDatabaseHasWithoutMetadataIsNotReused() {
        pool.query("CREATE TABLE crm.orphan__c (id text PRIMARY KEY, secret text)").execute().await().atMost(Duration.ofSeconds(5));
        pool.query("ALTER TABLE crm.account ADD COLUMN legacy__c integer").execute().await().atMost(Duration.ofSeconds(5));
        List<String> before = SchemaSnapshot.of(pool);
        as("admin").body(Map.of("name", "Orphan__c", "label", "Orphan")).when().post("/v1/metadata/objects")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", containsString("table orphan__c"));
        as("admin").body(Map.of("name", "Legacy__c", "type", "text")).when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", containsString("column legacy__c"));
        assertEquals(before, SchemaSnapshot.of(pool));
    }
}
