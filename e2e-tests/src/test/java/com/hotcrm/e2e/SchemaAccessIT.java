package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Schema changes through the gateway, by real users of every role: only admins change the schema, and after
 * every refused call the database's catalog of schema crm (tables, columns, indexes) is exactly as before.
 */
@ExtendWith(RunningSuite.class)
class SchemaAccessIT {

    static final List<String> ROLES = List.of("admin", "sales_manager", "sales_rep", "support_agent", "read_only");
    static final Map<String, String> TOKENS = new HashMap<>();
    static final String TAG = String.valueOf(ThreadLocalRandom.current().nextInt(100000, 999999));
    /** A custom object the admin made, so that adding a field to a custom object is tried too. */
    static final String CUSTOM = "Vault" + TAG + "__c";

    /** Every call that changes the schema (or, for the last, the access metadata), with a body that would succeed. */
    static final Map<String, Function<RequestSpecification, Response>> SCHEMA_CALLS = Map.of(
            "create object", request -> request.body(Map.of("name", "Sneaky" + TAG + "__c", "label", "Sneaky",
                    "fields", List.of(Map.of("name", "Note__c", "type", "text", "unique", true))))
                    .post("/v1/metadata/objects"),
            "add field to a standard object", request -> request.body(Map.of("name", "Sneaky" + TAG + "__c", "type", "text",
                    "unique", true)).post("/v1/metadata/objects/Account/fields"),
            "add lookup field to a standard object", request -> request.body(Map.of("name", "Sneaky" + TAG + "Ref__c",
                    "type", "lookup", "referenceTo", "Account", "childRelationshipName", "Sneaky" + TAG + "Contacts__r")).post("/v1/metadata/objects/Contact/fields"),
            "add field to a custom object", request -> request.body(Map.of("name", "Sneaky" + TAG + "__c", "type", "number"))
                    .post("/v1/metadata/objects/" + CUSTOM + "/fields"),
            "change object permissions", request -> request.body(Map.of("roles", Map.of("sales_rep", Map.of("delete", false))))
                    .put("/v1/metadata/permissions/Account"));

    @BeforeAll
    static void usersAndACustomObject() {
        for (String role : ROLES) {
            TOKENS.computeIfAbsent(role, AuthorizationIT::userWithRole);
        }
        as("admin").body(Map.of("name", CUSTOM, "label", "Vault " + TAG)).when().post("/v1/metadata/objects")
                .then().statusCode(201);
    }

    static RequestSpecification as(String role) {
        return given().auth().oauth2(TOKENS.get(role)).contentType(ContentType.JSON);
    }

    /** Tables, columns with their types, and indexes of schema crm, as PostgreSQL's catalog has them. */
    static List<String> schema() throws SQLException {
        var suite = RunningSuite.suite();
        try (Connection db = suite.postgres().server().connect(suite.database()); Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT 'table ' || table_name FROM information_schema.tables WHERE table_schema = 'crm' "
                                + "UNION ALL SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type "
                                + "FROM information_schema.columns WHERE table_schema = 'crm' "
                                + "UNION ALL SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = 'crm' ORDER BY 1")) {
            List<String> items = new ArrayList<>();
            while (rows.next()) {
                items.add(rows.getString(1));
            }
            return items;
        }
    }

    static boolean hasColumn(List<String> schema, String tableAndColumn) {
        return schema.stream().anyMatch(item -> item.startsWith("column " + tableAndColumn + " "));
    }

    @Test
    void onlyAdminsChangeTheSchemaAndARefusedCallChangesNothing() throws SQLException {
        for (String role : ROLES) {
            if (role.equals("admin")) {
                continue;
            }
            for (var call : SCHEMA_CALLS.entrySet()) {
                List<String> before = schema();
                Response response = call.getValue().apply(as(role));
                assertEquals(403, response.statusCode(), role + " " + call.getKey() + ": " + response.asString());
                assertEquals("PERMISSION_ERROR", response.path("error.code"), role + " " + call.getKey());
                assertEquals(before, schema(), role + " " + call.getKey() + " changed the schema");
            }
        }
        // the same calls by an admin succeed, and they do change the schema
        List<String> before = schema();
        for (var call : SCHEMA_CALLS.entrySet()) {
            Response response = call.getValue().apply(as("admin"));
            assertEquals(call.getKey().startsWith("change") ? 200 : 201, response.statusCode(),
                    "admin " + call.getKey() + ": " + response.asString());
        }
        List<String> after = schema();
        assertTrue(after.contains("table sneaky" + TAG + "__c"), "the admin's object has its table");
        assertTrue(hasColumn(after, "account.sneaky" + TAG + "__c"), "the admin's field has its column");
        assertTrue(hasColumn(after, "vault" + TAG + "__c.sneaky" + TAG + "__c"), "the custom object's field too");
        assertTrue(hasColumn(after, "contact.sneaky" + TAG + "_ref__c"), "the lookup has its column");
        // put the permission back as it was for the other tests
        as("admin").body(Map.of("roles", Map.of("sales_rep", Map.of("delete", true)))).put("/v1/metadata/permissions/Account")
                .then().statusCode(200);
    }

    @Test
    void aFieldOrObjectNameDifferingOnlyInCaseIsRefusedNamingTheClash() throws SQLException {
        as("admin").body(Map.of("name", "Ssn" + TAG + "__c", "type", "text")).when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(201);
        List<String> before = schema();
        as("admin").body(Map.of("name", "SSN" + TAG + "__c", "type", "text")).when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details[0].field", equalTo("name"))
                .body("error.message", allOf(containsString("SSN" + TAG + "__c"), containsString("column ssn" + TAG + "__c"),
                        containsString("Ssn" + TAG + "__c")));
        as("admin").body(Map.of("name", "VAULT" + TAG + "__c", "label", "Shadow")).when().post("/v1/metadata/objects")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", allOf(containsString("table vault" + TAG + "__c"), containsString(CUSTOM)));
        assertEquals(before, schema());
        given().when().get("/v1/metadata/objects/Account")
                .then().body("fields.findAll { it.name == 'SSN" + TAG + "__c' }.size()", equalTo(0));
    }
}
