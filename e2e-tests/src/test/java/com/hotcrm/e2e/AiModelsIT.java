package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The org-wide win model over the running suite: deals closed through the API reach ai-service as change events, an
 * admin trains a version ({@code GET /v1/ai/models} lists it with its metrics), a rep's prediction uses it and is
 * written to the deal's AI fields, and once the rep closes the deal the prediction counts in the live accuracy.
 */
@ExtendWith(RunningSuite.class)
class AiModelsIT {

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Test
    void closedDealsTrainAVersionThatScoresOpenDealsAndIsMeasuredByTheirOutcomes() {
        String account = AiIT.create(null, "accounts", Map.of("Name", "Model Co " + UUID.randomUUID(), "Industry", "Energy"));
        List<Map<String, Object>> deals = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean won = i % 3 != 0;
            deals.add(Map.of("Name", "History " + i, "AccountId", account, "Amount", 10_000 + 1_000 * i,
                    "Stage", won ? "Closed Won" : "Closed Lost", "IsClosed", true, "IsWon", won,
                    "CloseDate", TODAY.minusDays(100 - i).toString()));
        }
        given().contentType(ContentType.JSON).body(Map.of("records", deals)).when().post("/v1/batch/opportunities")
                .then().statusCode(200).body("successCount", equalTo(40));

        // the events reach ai-service's outcome store: an admin trains as soon as they are there
        Response[] trained = new Response[1];
        PrivateParentIT.until(Duration.ofSeconds(90), "a win model trained on the 40 deals", () -> {
            trained[0] = given().when().post("/v1/ai/models/win/train");
            return trained[0].statusCode() == 200 && Boolean.TRUE.equals(trained[0].path("trained"))
                    && (Integer) trained[0].path("rows") >= 40;
        });
        int version = trained[0].path("version");
        given().when().get("/v1/ai/models").then().statusCode(200)
                .body("models.find { it.name == 'win' && it.current }.version", greaterThanOrEqualTo(version))
                .body("models.find { it.version == " + version + " }.metrics.auc", notNullValue())
                .body("models.find { it.version == " + version + " }.baseline.name", equalTo("stage prior"));

        // a rep's open deal is scored by it, and the score lands on the deal's read-only AI fields
        String rep = AuthorizationIT.userWithRole("sales_rep");
        given().auth().oauth2(rep).when().get("/v1/ai/models").then().statusCode(403);
        given().auth().oauth2(rep).when().post("/v1/ai/models/win/train").then().statusCode(403);
        String repAccount = AiIT.create(rep, "accounts", Map.of("Name", "Prospect " + UUID.randomUUID(), "Industry", "Energy"));
        String opp = AiIT.create(rep, "opportunities", Map.of("Name", "Prospect platform", "AccountId", repAccount,
                "Stage", "Proposal", "Amount", 30000, "CloseDate", TODAY.plusDays(30).toString()));
        Response prediction = given().auth().oauth2(rep).when().post("/v1/ai/win-prediction/" + opp);
        prediction.then().statusCode(200).body("modelVersion", greaterThanOrEqualTo(version)).body("writtenBack", equalTo(true));
        int probability = prediction.path("winProbability");
        given().auth().oauth2(rep).when().get("/v1/opportunities/" + opp).then().statusCode(200)
                .body("AIWinProbability", equalTo(probability));

        // the rep wins it: the prediction is resolved and counted against the outcome
        int resolvedBefore = given().when().get("/v1/ai/models").then().statusCode(200).extract().path("accuracy.win.resolved");
        given().auth().oauth2(rep).contentType(ContentType.JSON)
                .body(Map.of("Stage", "Closed Won", "IsClosed", true, "IsWon", true, "CloseDate", TODAY.toString()))
                .when().patch("/v1/opportunities/" + opp).then().statusCode(200);
        PrivateParentIT.until(Duration.ofSeconds(60), "the won deal's prediction resolved", () -> (Integer) given().when()
                .get("/v1/ai/models").then().statusCode(200).extract().path("accuracy.win.resolved") > resolvedBefore);
        Map<String, Object> accuracy = given().when().get("/v1/ai/models").then().extract().path("accuracy.win");
        assertTrue(accuracy.containsKey("brier"), "measured: " + accuracy);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> months = (List<Map<String, Object>>) accuracy.get("byMonth");
        assertEquals(TODAY.toString().substring(0, 7), months.get(months.size() - 1).get("month"));
    }
}
