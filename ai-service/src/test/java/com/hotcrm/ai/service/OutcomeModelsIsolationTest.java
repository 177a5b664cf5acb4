package com.hotcrm.ai.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hotcrm.ai.support.FakeQueryService;
import com.hotcrm.devstack.testing.TestTokens;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The models ai-service caches are learnt from what each caller may read, and kept per caller: a rep who cannot
 * see the won deals another user can gets a score from their own history (what a third user who sees the same gets),
 * even right after that user's model was built and cached.
 */
@QuarkusTest
class OutcomeModelsIsolationTest {

    /** A lead of {@code industry}, at the company named after its contact. */
    static Map<String, Object> lead(String id, String lastName, String industry) {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("Id", id);
        lead.put("LastName", lastName);
        lead.put("Company", lastName + " Ltd");
        lead.put("Industry", industry);
        return lead;
    }

    @Test
    void aCachedBaselineIsNeverServedToAnotherCaller() {
        long run = System.nanoTime();
        String industry = "Isolation " + run;
        String insider = "usr_isoin" + run;
        String outsider = "usr_isoout" + run;
        // sees what the outsider sees (the other tests' won deals too): what the outsider must get
        String control = "usr_isoctl" + run;
        String leadId = "lead_iso" + run;
        Map<String, Object> lead = lead(leadId, "Vale", industry);
        lead.put("AnnualRevenue", 5_000_000);
        lead.put("NumberOfEmployees", 200);
        FakeQueryService.put("Lead", lead);
        // three won deals in the lead's industry, which only the insider may read
        for (int i = 0; i < 3; i++) {
            String id = "opp_iso" + run + "n" + i;
            FakeQueryService.put("Opportunity", Map.of("Id", id, "IsWon", true, "Account",
                    Map.of("Industry", industry, "AnnualRevenue", 5_000_000, "NumberOfEmployees", 200)));
            FakeQueryService.hideFrom(outsider, id);
            FakeQueryService.hideFrom(control, id);
        }

        String insiderToken = TestTokens.user(insider, "sales_manager", "Standard");
        String outsiderToken = TestTokens.user(outsider, "sales_rep", "Standard");
        int expected = given().auth().oauth2(TestTokens.user(control, "sales_rep", "Standard")).when()
                .post("/v1/ai/lead-score/" + leadId).then().statusCode(200).extract().path("factors.companyQuality");
        org.junit.jupiter.api.Assertions.assertTrue(expected < 100, "none of the deals the control user sees is in the lead's industry");
        // the insider's deals are all in the lead's industry, and the lead is as large as they were
        given().auth().oauth2(insiderToken).when().post("/v1/ai/lead-score/" + leadId)
                .then().statusCode(200).body("factors.companyQuality", equalTo(100));
        // right after, with the insider's model cached: the outsider's score knows none of those deals
        given().auth().oauth2(outsiderToken).when().post("/v1/ai/lead-score/" + leadId)
                .then().statusCode(200).body("factors.companyQuality", equalTo(expected));
        given().auth().oauth2(insiderToken).when().post("/v1/ai/lead-score/" + leadId)
                .then().statusCode(200).body("factors.companyQuality", equalTo(100));
    }

    @Test
    void aWonDealDropsTheCachedBaselinesOnEveryReplicaAtOnce() throws Exception {
        long run = System.nanoTime();
        String industry = "Invalidation " + run;
        String user = "usr_invalid" + run;
        String leadId = "lead_inv" + run;
        FakeQueryService.put("Lead", lead(leadId, "Stone", industry));
        String token = TestTokens.user(user, "sales_rep", "Standard");
        int before = given().auth().oauth2(token).when().post("/v1/ai/lead-score/" + leadId).then().statusCode(200)
                .extract().path("factors.companyQuality");
        // three deals in the lead's industry are won: the cached baseline (10 minutes) knew none of them
        for (int i = 0; i < 3; i++) {
            Map<String, Object> deal = new LinkedHashMap<>();
            deal.put("Id", "opp_inv" + run + "n" + i);
            deal.put("IsWon", true);
            deal.put("Stage", "Closed Won");
            deal.put("Account", Map.of("Industry", industry));
            FakeQueryService.put("Opportunity", deal);
            com.hotcrm.ai.support.KnowledgeEvents.publish(com.hotcrm.ai.support.KnowledgeEvents.event(
                    com.hotcrm.platform.event.ChangeEvent.Kind.UPDATED, "Opportunity", deal));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(token).when().post("/v1/ai/lead-score/" + leadId).then().statusCode(200)
                        .body("factors.companyQuality", org.hamcrest.Matchers.greaterThan(before)));
    }
}
