package com.hotcrm.records.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** ai-service writing a lead's score back: only computed fields, only with the caller's edit rights. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class ComputedFieldsTest {

    @Test
    void theLeadScoreIsWrittenBackWithTheCallersEditRightsAndNothingElse() {
        long n = System.nanoTime();
        String ana = TestTokens.user("usr_score_a" + n, "sales_rep", "Standard");
        String bob = TestTokens.user("usr_score_b" + n, "sales_rep", "Standard");
        String lead = given().auth().oauth2(ana).contentType(ContentType.JSON)
                .body(Map.of("FirstName", "Ada", "LastName", "Lovelace", "Company", "Analytical Engines"))
                .post("/v1/leads").then().statusCode(201).extract().path("Id");

        // clients cannot set it themselves
        given().auth().oauth2(ana).contentType(ContentType.JSON).body(Map.of("LeadScore", 99))
                .patch("/v1/leads/" + lead).then().statusCode(400)
                .body("error.details[0].field", equalTo("LeadScore"))
                .body("error.details[0].message", equalTo("LeadScore is read-only"));

        given().auth().oauth2(ana).contentType(ContentType.JSON).body(Map.of("LeadScore", 85))
                .patch("/internal/records/leads/" + lead).then().statusCode(200)
                .body("LeadScore", equalTo(85)).body("Company", equalTo("Analytical Engines"));
        given().auth().oauth2(ana).get("/v1/leads/" + lead).then().statusCode(200).body("LeadScore", equalTo(85));

        // only computed fields; values checked like any other (0-100)
        given().auth().oauth2(ana).contentType(ContentType.JSON).body(Map.of("LeadScore", 80, "Company", "Other"))
                .patch("/internal/records/leads/" + lead).then().statusCode(400)
                .body("error.details[0].field", equalTo("Company"));
        given().auth().oauth2(ana).contentType(ContentType.JSON).body(Map.of("LeadScore", 101))
                .patch("/internal/records/leads/" + lead).then().statusCode(400)
                .body("error.details[0].field", equalTo("LeadScore"));
        given().auth().oauth2(ana).contentType(ContentType.JSON).body(Map.of("Name", "x"))
                .patch("/internal/records/accounts/acc_01J0000000000000000000000A").then().statusCode(400);

        // another rep cannot reach Ana's lead; a read-only user may not edit leads
        given().auth().oauth2(bob).contentType(ContentType.JSON).body(Map.of("LeadScore", 10))
                .patch("/internal/records/leads/" + lead).then().statusCode(404);
        given().auth().oauth2(TestTokens.user("usr_score_ro" + n, "read_only", "Standard")).contentType(ContentType.JSON)
                .body(Map.of("LeadScore", 10)).patch("/internal/records/leads/" + lead).then().statusCode(403);
        given().auth().oauth2(ana).get("/v1/leads/" + lead).then().statusCode(200).body("LeadScore", equalTo(85));
    }

    @Test
    void aWinPredictionIsWrittenToTheOpportunitysAiFieldsOnly() {
        long n = System.nanoTime();
        String ana = TestTokens.user("usr_win_a" + n, "sales_rep", "Standard");
        String opp = given().auth().oauth2(ana).contentType(ContentType.JSON)
                .body(Map.of("Name", "Engine order", "Stage", "Proposal", "Amount", 5000))
                .post("/v1/opportunities").then().statusCode(201).extract().path("Id");
        given().auth().oauth2(ana).contentType(ContentType.JSON).body(Map.of("AIWinProbability", 99))
                .patch("/v1/opportunities/" + opp).then().statusCode(400)
                .body("error.details[0].message", equalTo("AIWinProbability is read-only"));

        given().auth().oauth2(ana).contentType(ContentType.JSON).body(Map.of("AIWinProbability", 64,
                "AIRiskFactors", "Competitor presence detected (Salesforce)", "AINextStepSuggestion", "Book the demo",
                "AICompetitiveIntel", "Customer is also evaluating Salesforce."))
                .patch("/internal/records/opportunities/" + opp).then().statusCode(200)
                .body("AIWinProbability", equalTo(64)).body("Stage", equalTo("Proposal"));
        given().auth().oauth2(ana).get("/v1/opportunities/" + opp).then().statusCode(200)
                .body("AIWinProbability", equalTo(64)).body("AINextStepSuggestion", equalTo("Book the demo"));
        given().auth().oauth2(ana).contentType(ContentType.JSON).body(Map.of("AIWinProbability", 70, "Stage", "Closed Won"))
                .patch("/internal/records/opportunities/" + opp).then().statusCode(400)
                .body("error.details[0].field", equalTo("Stage"));
    }
}
