package com.hotcrm.ai.outcome;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.ai.support.FakeQueryService;
import com.hotcrm.ai.support.KnowledgeEvents;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.platform.event.ChangeEvent;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The win model's life over the real broker and database: deals' change events fill ai-service's outcome store, the
 * trainer makes a version in the background without any request, an admin trains the next one, predictions use the
 * newest, are kept in the history and written to the deal, and a deal that closes counts in the live accuracy.
 */
@QuarkusTest
class ModelTrainingTest {

    static final String ADMIN = TestTokens.user("usr_mtadmin", "admin", "Standard");
    static final String MANAGER = TestTokens.user("usr_mtmanager", "sales_manager", "Standard");
    static final String REP = TestTokens.user("usr_mtrep", "sales_rep", "Standard");
    static final String READER = TestTokens.user("usr_mtreader", "sales_rep", "Standard");

    @Inject
    Pool pool;
    @Inject
    OutcomeEvents outcomeEvents;

    static Map<String, Object> deal(String id, String account, String stage, boolean closed, boolean won, String competitor,
            LocalDate closeDate) {
        Map<String, Object> deal = new LinkedHashMap<>();
        deal.put("Id", id);
        deal.put("Name", "Deal " + id);
        deal.put("AccountId", account);
        deal.put("Amount", 20_000 + (id.hashCode() & 0xffff));
        deal.put("Stage", stage);
        deal.put("CreatedDate", closeDate.minusDays(40) + "T09:00:00Z");
        deal.put("CloseDate", closeDate.toString());
        deal.put("IsClosed", closed);
        deal.put("IsWon", won);
        deal.put("Competitor", competitor);
        return deal;
    }

    static void publish(ChangeEvent.Kind kind, String object, Map<String, Object> record) throws Exception {
        KnowledgeEvents.publish(KnowledgeEvents.event(kind, object, record));
    }

    long count(String sql, Object... params) {
        Row row = pool.preparedQuery(sql).execute(Tuple.from(List.of(params))).await().indefinitely().iterator().next();
        return row.getLong(0);
    }

    @Test
    void dealsTeachTheModelWhichPredictsKeepsItsPredictionsAndCountsTheirOutcomes() throws Exception {
        long run = System.nanoTime();
        String account = "acc_mt" + run;
        publish(ChangeEvent.Kind.CREATED, "Account", Map.of("Id", account, "Name", "Loyal", "Industry", "Technology"));
        // 80 closed deals: those up against a competitor mostly lost; half were seen open first (their stage is learnt)
        LocalDate start = LocalDate.now().minusDays(200);
        for (int i = 0; i < 80; i++) {
            String id = "opp_mt" + run + "n" + i;
            boolean competitor = i % 3 == 0;
            boolean won = competitor ? i % 7 == 0 : i % 5 != 0;
            LocalDate close = start.plusDays(i);
            if (i % 2 == 0) {
                publish(ChangeEvent.Kind.CREATED, "Opportunity", deal(id, account, "Proposal", false, false,
                        competitor ? "Rival Corp" : null, close));
            }
            // at the close a lost deal is said to be lost to someone: that must not become what it is learnt from
            publish(i % 2 == 0 ? ChangeEvent.Kind.UPDATED : ChangeEvent.Kind.CREATED, "Opportunity",
                    deal(id, account, won ? "Closed Won" : "Closed Lost", true, won, competitor ? "Rival Corp" : won ? null
                            : "Lost to Rival", close));
            publish(ChangeEvent.Kind.CREATED, "Activity", Map.of("Id", "act_mt" + run + "n" + i, "WhatId", id,
                    "Subject", competitor ? "Call: they are also talking to Salesforce" : "Demo went well",
                    "ActivityDate", close.minusDays(3).toString()));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "SELECT count(*) FROM ai.deal WHERE id LIKE $1 AND is_closed", "opp_mt" + run + "%") == 80);
        assertEquals(40, count("SELECT count(*) FROM ai.deal WHERE id LIKE $1 AND last_open_stage = 'Proposal'",
                "opp_mt" + run + "%"), "a deal seen open keeps the stage it was last open in");
        // activities travel on other partitions than their deals'
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM ai.deal_activity WHERE deal_id LIKE $1",
                "opp_mt" + run + "%") == 80);
        assertEquals(0, count("SELECT count(*) FROM ai.deal WHERE id LIKE $1 AND last_open_stage IS NOT NULL "
                + "AND competitor = 'Lost to Rival'", "opp_mt" + run + "%"), "a deal seen open keeps what it was while open");
        assertEquals(40, count("SELECT count(*) FROM ai.deal WHERE id LIKE $1 AND closed_at IS NOT NULL", "opp_mt" + run + "%"),
                "the close of a deal seen open is dated when it was seen");

        // the first version comes from the background trainer, with no request asking for it (as soon as it had
        // enough closed deals: perhaps before all 80 arrived)
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM ai.model WHERE name = 'win'") >= 1);
        Response models = given().auth().oauth2(MANAGER).when().get("/v1/ai/models");
        String win = "models.find { it.name == 'win' }.";
        models.then().statusCode(200).body(win + "current", equalTo(true))
                .body(win + "rows", greaterThanOrEqualTo(20)).body(win + "metrics.auc", notNullValue())
                .body(win + "metrics.brier", notNullValue()).body(win + "baseline.name", equalTo("stage prior"))
                .body(win + "metrics.trainRows", greaterThanOrEqualTo(16));
        int first = models.path(win + "version");

        // an admin trains the next version at once; nobody else may
        given().auth().oauth2(MANAGER).when().post("/v1/ai/models/win/train").then().statusCode(403)
                .body("error.code", equalTo("PERMISSION_ERROR"));
        given().auth().oauth2(REP).when().get("/v1/ai/models").then().statusCode(403);
        int version = given().auth().oauth2(ADMIN).when().post("/v1/ai/models/win/train").then().statusCode(200)
                .body("trained", equalTo(true)).body("rows", equalTo(80)).body("metrics.trainRows", equalTo(64))
                .body("metrics.rows", equalTo(16)).extract().path("version");
        assertEquals(first + 1, version);

        // an open deal is scored by that version, with its factors; the score is kept and written to the deal
        String open = "opp_mt" + run + "open";
        Map<String, Object> openDeal = deal(open, account, "Negotiation", false, false, "Rival Corp", LocalDate.now().plusDays(20));
        FakeQueryService.put("Opportunity", openDeal);
        publish(ChangeEvent.Kind.CREATED, "Opportunity", openDeal);
        Response prediction = given().auth().oauth2(REP).when().post("/v1/ai/win-prediction/" + open);
        prediction.then().statusCode(200).body("modelVersion", equalTo(version)).body("writtenBack", equalTo(true));
        int probability = prediction.path("winProbability");
        List<Map<String, Object>> negative = prediction.path("topNegativeFactors");
        assertTrue(negative.stream().anyMatch(f -> "competitor".equals(f.get("feature"))),
                "a competitor lost most deals, so it counts against this one: " + negative);
        List<JsonNode> written = FakeQueryService.written(open);
        assertEquals(1, written.size());
        assertEquals(probability, written.get(0).path("AIWinProbability").asInt());
        assertTrue(written.get(0).path("AIRiskFactors").asText().contains("Competitor presence detected"));
        assertEquals(1, count("SELECT count(*) FROM ai.prediction WHERE record_id = $1 AND version = $2 AND predicted_by = $3",
                open, version, "usr_mtrep"));

        // a caller who may not edit the deal still gets the prediction (and it is kept); writeBack=false writes nothing
        FakeQueryService.mayNotEdit("usr_mtreader");
        given().auth().oauth2(READER).when().post("/v1/ai/win-prediction/" + open).then().statusCode(200)
                .body("writtenBack", equalTo(false));
        given().auth().oauth2(REP).queryParam("writeBack", false).when().post("/v1/ai/win-prediction/" + open)
                .then().statusCode(200);
        assertEquals(1, FakeQueryService.written(open).size());
        assertEquals(3, count("SELECT count(*) FROM ai.prediction WHERE record_id = $1", open));

        // the deal is won: its predictions are resolved, and the live accuracy counts it once
        publish(ChangeEvent.Kind.UPDATED, "Opportunity", deal(open, account, "Closed Won", true, true, "Rival Corp",
                LocalDate.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM ai.prediction WHERE record_id = $1 AND outcome", open) == 3);
        Response after = given().auth().oauth2(ADMIN).when().get("/v1/ai/models");
        after.then().statusCode(200).body(win + "version", equalTo(version)).body(win + "live.resolved", equalTo(1))
                .body("accuracy.win.resolved", greaterThanOrEqualTo(1))
                .body("accuracy.win.byMonth[-1].month", equalTo(LocalDate.now().toString().substring(0, 7)));
        assertFalse((Boolean) after.path("models.find { it.name == 'win' && it.version == " + first + " }.current"),
                "the older version is kept, not current");
        // and in the metrics Prometheus scrapes (recomputed every second in tests)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.matches("(?s).*hotcrm_ai_model_live_resolved\\{[^}]*model=\"win\"[^}]*} [1-9].*"), "resolved win predictions");
            assertTrue(metrics.matches("(?s).*hotcrm_ai_model_heldout_auc\\{[^}]*model=\"win\"[^}]*} 0\\.[0-9].*"), "held-out AUC");
        });
        given().auth().oauth2(ADMIN).when().post("/v1/ai/models/forecast/train").then().statusCode(404);
    }

    @Test
    void aBriefingsWinPredictionsJoinTheHistoryWithoutWritingTheDeals() {
        String account = "acc_brief" + System.nanoTime();
        String open = "opp_brief" + System.nanoTime();
        FakeQueryService.put("Account", Map.of("Id", account, "Name", "Briefed Ltd", "Industry", "Energy",
                "CreatedDate", "2020-01-01T00:00:00Z"));
        Map<String, Object> deal = deal(open, account, "Proposal", false, false, null, LocalDate.now().plusDays(30));
        deal.put("Type", "New Business");
        FakeQueryService.put("Opportunity", deal);
        given().auth().oauth2(REP).contentType("application/json")
                .body(Map.of("accountId", account, "includeCases", false, "includeActivities", false))
                .when().post("/v1/ai/briefing").then().statusCode(200)
                .body("keyInsights[0]", org.hamcrest.Matchers.containsString("win probability"));
        assertEquals(1, count("SELECT count(*) FROM ai.prediction WHERE record_id = $1 AND model = 'win' "
                + "AND predicted_by = 'usr_mtrep' AND probability BETWEEN 0 AND 1", open));
        assertTrue(FakeQueryService.written(open).isEmpty(), "a briefing writes nothing to the deal");
    }

    @Test
    void aBackfillStoresTheOutcomesTheTopicNeverCarried() {
        // records only in the CRM (query-service), never seen as change events: older than the topic's retention
        String account = "acc_bf" + System.nanoTime();
        String won = "opp_bfwon" + System.nanoTime();
        String lost = "opp_bflost" + System.nanoTime();
        String lead = "lead_bf" + System.nanoTime();
        FakeQueryService.put("Account", Map.of("Id", account, "Name", "Backfilled Ltd", "Industry", "Energy"));
        Map<String, Object> wonDeal = deal(won, account, "Closed Won", true, true, null, LocalDate.now().minusYears(2));
        wonDeal.put("ModifiedDate", LocalDate.now().minusYears(2) + "T10:00:00Z");
        FakeQueryService.put("Opportunity", wonDeal);
        FakeQueryService.put("Opportunity", deal(lost, account, "Closed Lost", true, false, "Rival Corp",
                LocalDate.now().minusYears(2)));
        FakeQueryService.put("Lead", lead(lead, "Converted", true, true));
        Map<String, Object> malformed = deal("opp_bfbad" + System.nanoTime(), account, "Closed Won", true, true, null, LocalDate.now());
        malformed.put("Amount", "a lot");
        FakeQueryService.put("Opportunity", malformed);

        given().auth().oauth2(REP).when().post("/v1/ai/models/backfill").then().statusCode(403)
                .body("error.code", equalTo("PERMISSION_ERROR"));
        given().auth().oauth2(MANAGER).when().get("/v1/ai/models/backfill").then().statusCode(403);
        given().auth().oauth2(ADMIN).when().post("/v1/ai/models/backfill").then().statusCode(202)
                .body("state", org.hamcrest.Matchers.oneOf("running", "done"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(ADMIN).when()
                .get("/v1/ai/models/backfill").then().statusCode(200).body("state", equalTo("done"))
                .body("stored.Opportunity", greaterThanOrEqualTo(3)).body("stored.skipped", greaterThanOrEqualTo(1)));
        assertEquals(1, count("SELECT count(*) FROM ai.deal WHERE id = $1 AND is_closed AND is_won AND account_id = $2", won, account));
        assertEquals(1, count("SELECT count(*) FROM ai.deal WHERE id = $1 AND is_closed AND NOT is_won AND competitor = 'Rival Corp'",
                lost));
        assertEquals(1, count("SELECT count(*) FROM ai.lead_profile WHERE id = $1 AND outcome", lead));
        assertEquals(1, count("SELECT count(*) FROM ai.account_profile WHERE id = $1", account));
        // the change time is the record's own: the deal counts as closed two years ago, not today
        assertEquals(1, count("SELECT count(*) FROM ai.deal WHERE id = $1 AND changed_at < now() - interval '1 year'", won));

        // run again: the same rows, nothing doubled
        given().auth().oauth2(ADMIN).when().post("/v1/ai/models/backfill").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(ADMIN).when()
                .get("/v1/ai/models/backfill").then().body("state", equalTo("done")));
        assertEquals(2, count("SELECT count(*) FROM ai.deal WHERE id = ANY($1)", (Object) new String[] { won, lost }));
    }

    @Test
    void aBackfillThatLosesQueryServiceMidRunGoesOnFromThePageItStoppedAt() {
        // more accounts than a page of 200, so that the run needs a second page
        String prefix = "acc_bfresume" + System.nanoTime() + "_";
        String[] ours = new String[450];
        for (int i = 0; i < ours.length; i++) {
            ours[i] = prefix + String.format("%03d", i);
            FakeQueryService.put("Account", Map.of("Id", ours[i], "Name", "Resumed " + i, "Industry", "Retail"));
        }
        FakeQueryService.unavailableAfterFirstPage("Account", true);
        try {
            given().auth().oauth2(ADMIN).when().post("/v1/ai/models/backfill").then().statusCode(202);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(ADMIN).when()
                    .get("/v1/ai/models/backfill").then().statusCode(200).body("state", equalTo("failed"))
                    .body("error", notNullValue()).body("stored.Account", equalTo(200)).body("stored.Opportunity", equalTo(0)));
        } finally {
            FakeQueryService.unavailableAfterFirstPage("Account", false);
        }
        long storedBefore = count("SELECT count(*) FROM ai.account_profile WHERE id = ANY($1)", (Object) ours);
        assertTrue(storedBefore < ours.length, "the run stopped after the first page: " + storedBefore + " of ours stored");
        List<String> asked = FakeQueryService.pagesAsked("Account");
        String stoppedAt = asked.get(asked.size() - 1);
        assertFalse(stoppedAt.isEmpty(), "the page that failed was one after the first: " + asked);

        // started again: the accounts go on from the page that failed, not from the first one
        given().auth().oauth2(ADMIN).when().post("/v1/ai/models/backfill").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Response status = given().auth().oauth2(ADMIN).when().get("/v1/ai/models/backfill").then().statusCode(200)
                    .extract().response();
            if ("failed".equals(status.path("state"))) {
                // query-service's breaker may still be open from the outage: start it again
                given().auth().oauth2(ADMIN).when().post("/v1/ai/models/backfill").then().statusCode(202);
            }
            assertEquals("done", status.path("state"), status.asString());
        });
        List<String> askedInAll = FakeQueryService.pagesAsked("Account");
        List<String> resumed = askedInAll.subList(asked.size(), askedInAll.size());
        assertEquals(stoppedAt, resumed.get(0), "the run went on with the cursor of the page that failed: " + resumed);
        assertFalse(resumed.contains(""), "no account page was read twice from the start: " + resumed);
        assertEquals(ours.length, count("SELECT count(*) FROM ai.account_profile WHERE id = ANY($1) AND industry = 'Retail'",
                (Object) ours));
        int accounts = given().auth().oauth2(ADMIN).when().get("/v1/ai/models/backfill").then().extract().path("stored.Account");
        assertTrue(accounts >= ours.length, "the count goes on from the failed run's: " + accounts);
    }

    static Map<String, Object> lead(String id, String status, boolean complete, boolean large) {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("Id", id);
        lead.put("LastName", "Lead " + id);
        lead.put("Company", "Company " + id);
        lead.put("Status", status);
        lead.put("CreatedDate", LocalDate.now().minusDays(60) + "T09:00:00Z");
        lead.put("Industry", large ? "Technology" : "Retail");
        lead.put("AnnualRevenue", large ? 50_000_000 : 200_000);
        lead.put("NumberOfEmployees", large ? 900 : 8);
        if (complete) {
            lead.put("FirstName", "Ada");
            lead.put("Email", "ada@" + id + ".example");
            lead.put("Phone", "+1 555 0100");
            lead.put("Title", "CTO");
            lead.put("Website", "https://" + id + ".example");
        }
        return lead;
    }

    @Test
    void convertedAndUnqualifiedLeadsTeachTheLeadModelWhoseScoresAreKeptAndMeasured() throws Exception {
        long run = System.nanoTime();
        // 60 decided leads: the large, complete ones mostly converted
        for (int i = 0; i < 60; i++) {
            String id = "lead_mt" + run + "n" + i;
            boolean large = i % 2 == 0;
            boolean complete = i % 3 != 0;
            boolean converted = large && complete ? i % 7 != 0 : i % 5 == 0;
            publish(ChangeEvent.Kind.CREATED, "Lead", lead(id, "Working", complete, large));
            publish(ChangeEvent.Kind.UPDATED, "Lead", lead(id, converted ? "Converted" : "Unqualified", complete, large));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "SELECT count(*) FROM ai.lead_profile WHERE id LIKE $1 AND outcome IS NOT NULL", "lead_mt" + run + "%") == 60);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM ai.model WHERE name = 'lead'") >= 1);
        int version = given().auth().oauth2(ADMIN).when().post("/v1/ai/models/lead/train").then().statusCode(200)
                .body("trained", equalTo(true)).body("rows", greaterThanOrEqualTo(60))
                .body("baseline.name", equalTo("overall conversion rate")).extract().path("version");

        // an open lead like the ones that converted scores high, and the score is kept and written to it
        String open = "lead_mt" + run + "open";
        Map<String, Object> openLead = lead(open, "Working", true, true);
        FakeQueryService.put("Lead", openLead);
        Response scored = given().auth().oauth2(REP).when().post("/v1/ai/lead-score/" + open);
        scored.then().statusCode(200).body("modelVersion", equalTo(version)).body("writtenBack", equalTo(true))
                .body("factors.completeness", equalTo(100));
        int score = scored.path("score");
        Map<String, Object> small = lead("lead_mt" + run + "small", "Working", false, false);
        FakeQueryService.put("Lead", small);
        int smallScore = given().auth().oauth2(REP).queryParam("writeBack", false).when()
                .post("/v1/ai/lead-score/" + small.get("Id")).then().statusCode(200).extract().path("score");
        assertTrue(score > smallScore + 20, "learnt: " + score + " against " + smallScore);
        assertEquals(score, FakeQueryService.written(open).get(0).path("LeadScore").asInt());

        // it converts: the score is resolved and counted
        publish(ChangeEvent.Kind.UPDATED, "Lead", lead(open, "Converted", true, true));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM ai.prediction WHERE record_id = $1 AND model = 'lead' AND outcome", open) == 1);
        given().auth().oauth2(ADMIN).when().get("/v1/ai/models").then().statusCode(200)
                .body("accuracy.lead.resolved", greaterThanOrEqualTo(1))
                .body("models.find { it.name == 'lead' && it.version == " + version + " }.live.resolved", equalTo(1));
    }

    @Test
    void wonDealsProductsTeachTheRecommendationsWhatSellsTogether() throws Exception {
        long run = System.nanoTime();
        String suite = "prod_mt" + run + "suite";
        String services = "prod_mt" + run + "services";
        String training = "prod_mt" + run + "training";
        FakeQueryService.put("Product", Map.of("Id", suite, "Name", "Suite", "Price", 30000, "IsActive", true));
        FakeQueryService.put("Product", Map.of("Id", services, "Name", "Services", "Price", 15000, "IsActive", true));
        FakeQueryService.put("Product", Map.of("Id", training, "Name", "Training", "Price", 3000, "IsActive", true));
        // twelve won deals: four bought training alone, then eight the suite with its services; one lost deal
        // bought the suite with training, and lost deals teach nothing
        for (int i = 0; i < 13; i++) {
            String id = "opp_mt" + run + "w" + i;
            boolean won = i < 12;
            publish(ChangeEvent.Kind.CREATED, "Opportunity", deal(id, "acc_mt" + run + "b" + i, won ? "Closed Won" : "Closed Lost",
                    true, won, null, LocalDate.now().minusDays(30 - i)));
            List<String> products = i < 4 ? List.of(training) : i < 12 ? List.of(suite, services) : List.of(suite, training);
            for (String product : products) {
                publish(ChangeEvent.Kind.CREATED, "OpportunityLineItem", Map.of("Id", "oli_mt" + run + i + product.hashCode(),
                        "OpportunityId", id, "ProductId", product, "Quantity", 1));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM ai.deal_line WHERE product_id LIKE $1",
                "prod_mt" + run + "%") == 22);
        // the deals' own events travel on other partitions than their lines'
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM ai.deal WHERE id LIKE $1 AND is_closed",
                "opp_mt" + run + "w%") == 13);
        given().auth().oauth2(ADMIN).when().post("/v1/ai/models/recommend/train").then().statusCode(200)
                .body("trained", equalTo(true)).body("baseline.name", equalTo("popularity"))
                .body("metrics.hitRateAt5", notNullValue());

        // an account that owns the suite is offered its services first, then what is popular
        String account = "acc_mt" + run + "target";
        FakeQueryService.put("Account", Map.of("Id", account, "Name", "Target", "Industry", "Retail"));
        Response out = given().auth().oauth2(REP).contentType("application/json")
                .body(Map.of("accountId", account, "existingProducts", List.of(suite), "budget", 20000))
                .when().post("/v1/ai/product-recommend");
        out.then().statusCode(200).body("bundle[0].productId", equalTo(services))
                .body("bundle[0].reason", equalTo("Bought with Suite on 8 won deals"));
        List<String> bundle = out.path("bundle.productId");
        assertFalse(bundle.contains(suite), "what the account has is not offered");
        // a product the caller may not read is never offered
        FakeQueryService.hideFrom("usr_mtrep", services);
        given().auth().oauth2(REP).contentType("application/json")
                .body(Map.of("accountId", account, "existingProducts", List.of(suite), "budget", 20000))
                .when().post("/v1/ai/product-recommend").then().statusCode(200)
                .body("bundle.productId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(services)));
    }

    @Test
    void closedCasesTeachTheCategorizationAndTheAgentsLoadsRouteIt() throws Exception {
        long run = System.nanoTime();
        String expert = "usr_mt" + run + "expert";
        String busy = "usr_mt" + run + "busy";
        FakeQueryService.put("User", Map.of("Id", expert, "Name", "Erin Expert", "Role", "support_agent", "IsActive", true));
        FakeQueryService.put("User", Map.of("Id", busy, "Name", "Bo Busy", "Role", "support_agent", "IsActive", true));
        String[][] closed = { { "Production outage, servers unreachable", "Incident" }, { "Site is down for all users", "Incident" },
                { "Everything stopped responding after deploy", "Incident" }, { "How do I configure email alerts?", "Question" },
                { "Where is the documentation for exports?", "Question" }, { "Can you explain the setup guide?", "Question" },
                { "Please add dark mode", "Feature Request" }, { "We would like an export to Excel", "Feature Request" },
                { "Support for SSO would help", "Feature Request" }, { "Totals are wrong on the invoice", "Problem" },
                { "Duplicate entries in the report", "Problem" }, { "Numbers do not match the ledger", "Problem" } };
        for (int i = 0; i < closed.length; i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("Id", "case_mt" + run + "c" + i);
            c.put("Subject", closed[i][0]);
            c.put("Type", closed[i][1]);
            c.put("Priority", "Incident".equals(closed[i][1]) ? "Critical" : "Medium");
            c.put("Status", "Closed");
            c.put("AssignedToId", "Incident".equals(closed[i][1]) ? expert : busy);
            c.put("SatisfactionScore", 5);
            publish(ChangeEvent.Kind.CREATED, "Case", c);
        }
        for (int i = 0; i < 3; i++) {
            publish(ChangeEvent.Kind.CREATED, "Case", Map.of("Id", "case_mt" + run + "o" + i, "Subject", "Open work " + i,
                    "Status", "Working", "AssignedToId", busy));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM ai.support_case WHERE id LIKE $1",
                "case_mt" + run + "%") == 15);
        given().auth().oauth2(REP).contentType("application/json")
                .body(Map.of("subject", "The platform went offline", "description", "Nobody can reach the application"))
                .when().post("/v1/ai/case-categorize").then().statusCode(200)
                .body("suggestedType", equalTo("Incident"))
                .body("suggestedPriority", equalTo("Critical"))
                .body("suggestedAgent", equalTo(expert))
                .body("routingReason", equalTo("Erin Expert has Incident expertise (3 closed), 0 active cases, 100% CSAT"));
    }
    static ChangeEvent account(ChangeEvent.Kind kind, String id, String industry) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("Id", id);
        record.put("Name", "Account " + id);
        record.put("Industry", industry);
        return ChangeEvent.of("/hotcrm/records-service", kind, "Account", id, kind == ChangeEvent.Kind.DELETED ? null : record,
                List.copyOf(record.keySet()), "usr_test", java.time.Instant.now());
    }

    String industryOf(String account) {
        var rows = pool.preparedQuery("SELECT industry FROM ai.account_profile WHERE id = $1").execute(Tuple.of(account))
                .await().indefinitely();
        return rows.size() == 0 ? "(none)" : String.valueOf(rows.iterator().next().getString(0));
    }

    @Test
    void aBatchOfAccountChangesEndsAsIfAppliedOneByOne() throws Exception {
        long run = System.nanoTime();
        String a = "acc_batch_a" + run, b = "acc_batch_b" + run, c = "acc_batch_c" + run, deal = "opp_batch" + run;
        // one batch as the consumer gets it: a's two changes (the last one counts), b created then deleted, c without
        // an industry, and a deal among them (handled on its own, in order)
        outcomeEvents.handleBatch(List.of(
                account(ChangeEvent.Kind.CREATED, a, "Technology"),
                account(ChangeEvent.Kind.CREATED, b, "Retail"),
                KnowledgeEvents.event(ChangeEvent.Kind.CREATED, "Opportunity",
                        deal(deal, a, "Prospecting", false, false, null, LocalDate.now().plusDays(30))),
                account(ChangeEvent.Kind.UPDATED, a, "Finance"),
                account(ChangeEvent.Kind.DELETED, b, null),
                account(ChangeEvent.Kind.CREATED, c, null))).await().atMost(Duration.ofSeconds(10));
        assertEquals("Finance", industryOf(a));
        assertEquals("(none)", industryOf(b));
        assertEquals("null", industryOf(c));
        assertEquals(1, count("SELECT count(*) FROM ai.deal WHERE id = $1 AND account_id = $2", deal, a));
        // deleted, then created again within one batch: it exists
        outcomeEvents.handleBatch(List.of(account(ChangeEvent.Kind.DELETED, c, null),
                account(ChangeEvent.Kind.CREATED, c, "Energy"))).await().atMost(Duration.ofSeconds(10));
        assertEquals("Energy", industryOf(c));

        // over the broker: an account change without its record's id is parked, its neighbours are stored
        ChangeEvent poison = account(ChangeEvent.Kind.UPDATED, null, "Media");
        KnowledgeEvents.publish(account(ChangeEvent.Kind.UPDATED, a, "Media"));
        KnowledgeEvents.publish(poison);
        KnowledgeEvents.publish(account(ChangeEvent.Kind.DELETED, c, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> "Media".equals(industryOf(a)) && "(none)".equals(industryOf(c)));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM ai.dead_letter WHERE consumer = 'outcome-store' AND event_id = $1", poison.id()) == 1);
    }
}
