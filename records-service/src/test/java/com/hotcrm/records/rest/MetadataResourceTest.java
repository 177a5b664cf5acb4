package com.hotcrm.records.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class MetadataResourceTest {

    @Test
    void listsEveryStandardObjectWithNameAndLabel() {
        given().when().get("/v1/metadata/objects")
                .then().statusCode(200)
                .body("objects.name", hasItems("Account", "Contact", "Lead", "Opportunity", "Case", "Product", "Activity",
                        "KnowledgeArticle", "User"))
                .body("objects.find { it.name == 'Account' }.label", equalTo("Account"))
                .body("objects.find { it.name == 'Opportunity' }.path", equalTo("opportunities"));
    }

    @Test
    void describesAnObjectAsTheSeedShowsIt() {
        given().when().get("/v1/metadata/objects/Account")
                .then().statusCode(200)
                .body("name", equalTo("Account"))
                .body("label", equalTo("Account"))
                .body("fields.find { it.name == 'Name' }.type", equalTo("text"))
                .body("fields.find { it.name == 'Name' }.label", equalTo("Account Name"))
                .body("fields.find { it.name == 'Name' }.required", equalTo(true))
                .body("fields.find { it.name == 'Name' }.length", equalTo(255))
                .body("fields.find { it.name == 'Industry' }.picklistValues", hasItem("Technology"))
                .body("fields.find { it.name == 'Id' }.readOnly", equalTo(true))
                .body("relationships.find { it.name == 'Opportunities' }.type", equalTo("child"))
                .body("relationships.find { it.name == 'Opportunities' }.object", equalTo("Opportunity"))
                .body("relationships.find { it.name == 'Opportunities' }.onDelete", equalTo("restrict"))
                .body("relationships.find { it.name == 'Contacts' }.onDelete", equalTo("setNull"));
    }

    @Test
    void describesLookupsAndValidationRules() {
        given().when().get("/v1/metadata/objects/Opportunity")
                .then().statusCode(200)
                .body("fields.find { it.name == 'AccountId' }.type", equalTo("lookup"))
                .body("fields.find { it.name == 'AccountId' }.referenceTo", hasItem("Account"))
                .body("fields.find { it.name == 'AccountId' }.relationshipName", equalTo("Account"))
                .body("relationships.find { it.name == 'Account' }.type", equalTo("parent"))
                .body("validationRules[0].name", equalTo("CloseDateRequiredWhenClosed"))
                .body("validationRules[0].require", hasItem("CloseDate"));
    }

    @Test
    void unknownObjectIsNotFound() {
        given().when().get("/v1/metadata/objects/Spaceship")
                .then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"))
                .body("error.message", containsString("Spaceship"));
    }
}
