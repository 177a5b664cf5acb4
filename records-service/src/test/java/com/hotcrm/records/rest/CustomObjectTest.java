package com.hotcrm.records.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaEvents;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.records.support.Api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class CustomObjectTest {

    @Test
    void aCustomObjectCreatedThroughTheApiIsUsableThroughCrudAtOnce() throws Exception {
        given().contentType(ContentType.JSON).body("""
                {"name": "Project__c", "label": "Project", "labelPlural": "Projects", "fields": [
                  {"name": "Budget__c", "type": "currency", "min": 0},
                  {"name": "Phase__c", "type": "picklist", "picklistValues": ["Plan", "Build", "Run"], "required": true},
                  {"name": "Account__c", "type": "lookup", "referenceTo": "Account", "onDelete": "restrict"},
                  {"name": "Code__c", "type": "text", "length": 20, "unique": true}
                ]}""")
                .when().post("/v1/metadata/objects")
                .then().statusCode(201)
                .body("name", equalTo("Project__c"))
                .body("path", equalTo("project__c"))
                .body("custom", equalTo(true))
                .body("fields.name", hasItem("Budget__c"))
                .body("relationships.find { it.name == 'Account__r' }.type", equalTo("parent"));
        given().when().get("/v1/metadata/objects").then().body("objects.name", hasItem("Project__c"));
        given().when().get("/v1/metadata/objects/Account")
                .then().body("relationships.find { it.name == 'Projects__r' }.object", equalTo("Project__c"));

        String account = Api.account("Client Of Projects");
        try (KafkaEvents events = new KafkaEvents(ChangeEvent.TOPIC)) {
            String id = given().contentType(ContentType.JSON)
                    .body(Map.of("Budget__c", 125000.50, "Phase__c", "Plan", "Account__c", account, "Code__c", "P-1"))
                    .when().post("/v1/project__c")
                    .then().statusCode(201)
                    .body("Id", startsWith("cpro_"))
                    .body("Budget__c", equalTo(125000.5f))
                    .extract().path("Id");
            given().queryParam("fields", "Phase__c,Account__r.Name").when().get("/v1/project__c/" + id)
                    .then().statusCode(200)
                    .body("Account__r.Name", equalTo("Client Of Projects"));
            given().contentType(ContentType.JSON).body(Map.of("Phase__c", "Build"))
                    .when().patch("/v1/project__c/" + id)
                    .then().statusCode(200).body("Phase__c", equalTo("Build"));
            given().contentType(ContentType.JSON).body(Map.of("Phase__c", "Dream"))
                    .when().patch("/v1/project__c/" + id)
                    .then().statusCode(400).body("error.details[0].field", equalTo("Phase__c"));
            given().contentType(ContentType.JSON).body(Map.of("Phase__c", "Run", "Code__c", "P-1"))
                    .when().post("/v1/project__c")
                    .then().statusCode(400).body("error.code", equalTo("DUPLICATE_ERROR"));
            given().when().delete("/v1/accounts/" + account)
                    .then().statusCode(409).body("error.details[0].field", equalTo("Projects__r"));
            given().when().delete("/v1/project__c/" + id).then().statusCode(200);
            given().when().get("/v1/project__c/" + id).then().statusCode(404);
            assertEquals(List.of("hotcrm.record.created", "hotcrm.record.updated", "hotcrm.record.deleted"),
                    events.forKey("Project__c:" + id, 3).stream().map(e -> e.get("type").asText()).toList());
        }
    }

    @Test
    void aCustomFieldAddedToAStandardObjectIsWritableAtOnce() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Tier__c", "type", "picklist", "picklistValues", List.of("Gold", "Silver")))
                .when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(201)
                .body("name", equalTo("Tier__c"))
                .body("type", equalTo("picklist"));
        String id = Api.create("accounts", Map.of("Name", "Tiered", "Tier__c", "Gold"));
        given().when().get("/v1/accounts/" + id).then().body("Tier__c", equalTo("Gold"));
        String other = Api.account("Untiered");
        given().when().get("/v1/accounts/" + other).then().body("Tier__c", nullValue());
    }

    @Test
    void badDefinitionsAreValidationErrors() {
        given().contentType(ContentType.JSON).body(Map.of("name", "Project", "label", "P"))
                .when().post("/v1/metadata/objects")
                .then().statusCode(400).body("error.details[0].field", equalTo("name"))
                .body("error.details[0].message", containsString("__c"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Account__c"))
                .when().post("/v1/metadata/objects")
                .then().statusCode(400).body("error.details.field", hasItem("label"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Weird__c", "label", "W",
                        "fields", List.of(Map.of("name", "Size__c", "type", "gigantic"))))
                .when().post("/v1/metadata/objects")
                .then().statusCode(400).body("error.details[0].field", equalTo("fields[0].type"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Name", "type", "text"))
                .when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(400).body("error.details[0].field", equalTo("name"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Parent__c", "type", "lookup", "referenceTo", "Spaceship"))
                .when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(400).body("error.details[0].field", equalTo("referenceTo"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Clash__c", "label", "Clash"))
                .when().post("/v1/metadata/objects").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("name", "Clash__c", "label", "Clash"))
                .when().post("/v1/metadata/objects")
                .then().statusCode(400).body("error.message", containsString("exists already"));
        // the definition is typed: every broken field at once, unknown and mistyped ones named
        given().contentType(ContentType.JSON).body(Map.of("name", "lower__c", "label", " ", "idPrefix", "X",
                        "fields", List.of(Map.of("name", "Size", "type", "text", "length", 0))))
                .when().post("/v1/metadata/objects")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details.field", org.hamcrest.Matchers.contains("fields[0].length", "fields[0].name", "idPrefix",
                        "label", "name"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Size__c", "type", "text", "lenght", 10))
                .when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(400).body("error.details[0].field", equalTo("lenght"))
                .body("error.message", containsString("Unknown field 'lenght'; allowed: childRelationshipName, defaultValue"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Size__c", "type", "number", "scale", "2"))
                .when().post("/v1/metadata/objects/Account/fields")
                .then().statusCode(400).body("error.details[0].field", equalTo("scale"))
                .body("error.message", containsString("expected a number"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Odd__c", "label", "Odd", "fields", List.of("Size__c")))
                .when().post("/v1/metadata/objects")
                .then().statusCode(400).body("error.details[0].field", equalTo("fields[0]"));
        given().when().get("/v1/metadata/objects/Account").then().statusCode(200)
                .body("fields.name", org.hamcrest.Matchers.not(hasItem("Size__c")));
    }
}
