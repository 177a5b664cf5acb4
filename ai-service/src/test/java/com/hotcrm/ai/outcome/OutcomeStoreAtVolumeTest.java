package com.hotcrm.ai.outcome;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.devstack.testing.ScratchDatabase;

/**
 * The outcome store's statements at a million deals, a million activities, a million predictions and half a million
 * leads, in a database of its own with the ai schema as the migration makes it, analyzed. Each statement that runs
 * on a schedule or in a request must read through its index and sort no more than its bound: no plan that reads a
 * whole table. Plans and times are printed, never asserted.
 */
class OutcomeStoreAtVolumeTest {

    static final int ROWS = Integer.getInteger("hotcrm.test.volume-rows", 1_000_000);
    static final List<String> BIG = List.of("deal", "deal_activity", "deal_line", "prediction", "lead_profile", "lead_activity",
            "support_case");

    static ScratchDatabase db;

    @BeforeAll
    static void load() throws IOException {
        db = ScratchDatabase.create("ai_volume");
        long start = System.nanoTime();
        try (InputStream migration = OutcomeStoreAtVolumeTest.class.getResourceAsStream("/db/migration/V4__outcome_models.sql")) {
            db.run("CREATE SCHEMA ai", new String(migration.readAllBytes(), StandardCharsets.UTF_8));
        }
        // a deal in five is open; accounts have ten deals each; a third of the closed ones were won
        db.run("INSERT INTO ai.deal (id, account_id, amount, stage, last_open_stage, created_at, close_date, is_closed, is_won, changed_at) "
                + "SELECT 'opp_' || i, 'acc_' || (i % " + (ROWS / 10) + "), 1000 + i % 90000, "
                + "CASE WHEN i % 5 = 0 THEN 'Proposal' WHEN i % 3 = 0 THEN 'Closed Won' ELSE 'Closed Lost' END, 'Proposal', "
                + "now() - (i % 1000) * interval '1 day', current_date - (i % 900), i % 5 <> 0, i % 5 <> 0 AND i % 3 = 0, "
                + "now() - (i % 1000) * interval '1 hour' FROM generate_series(1, " + ROWS + ") i",
                "INSERT INTO ai.deal_activity (id, deal_id, happened_on, competitors) SELECT 'act_' || i, 'opp_' || (1 + i % "
                        + ROWS + "), current_date - (i % 950), CASE WHEN i % 7 = 0 THEN '{Salesforce}'::text[] ELSE '{}' END "
                        + "FROM generate_series(1, " + ROWS + ") i",
                "INSERT INTO ai.account_profile (id, industry) SELECT 'acc_' || i, (ARRAY['Technology','Retail','Energy'])[1 + i % 3] "
                        + "FROM generate_series(0, " + (ROWS / 10) + ") i",
                "INSERT INTO ai.prediction (model, version, object, record_id, probability, predicted_at, outcome, resolved_at) "
                        + "SELECT CASE WHEN i % 4 = 0 THEN 'lead' ELSE 'win' END, 1 + i % 3, 'Opportunity', 'opp_' || (i % "
                        + (ROWS / 2) + "), (i % 100) / 100.0, now() - (i % 5000) * interval '1 hour', "
                        + "CASE WHEN i % 2 = 0 THEN i % 3 = 0 END, CASE WHEN i % 2 = 0 THEN now() - (i % 4000) * interval '1 hour' END "
                        + "FROM generate_series(1, " + ROWS + ") i",
                "INSERT INTO ai.lead_profile (id, status, industry, source, annual_revenue, employees, completeness, created_at, "
                        + "outcome, outcome_at, changed_at) SELECT 'lead_' || i, 'Working', 'Retail', 'Web', i, i % 1000, i % 100, "
                        + "now() - interval '100 days', CASE WHEN i % 3 = 0 THEN i % 2 = 0 END, "
                        + "CASE WHEN i % 3 = 0 THEN now() - (i % 900) * interval '1 hour' END, now() - (i % 900) * interval '1 hour' "
                        + "FROM generate_series(1, " + (ROWS / 2) + ") i",
                "INSERT INTO ai.lead_activity (id, lead_id, happened_on) SELECT 'act_l' || i, 'lead_' || (1 + i % " + (ROWS / 2)
                        + "), current_date - (i % 300) FROM generate_series(1, " + ROWS + ") i",
                "INSERT INTO ai.deal_line (id, deal_id, product_id) SELECT 'oli_' || i, 'opp_' || (1 + i % " + ROWS
                        + "), 'prod_' || (i % 500) FROM generate_series(1, " + ROWS + ") i",
                "INSERT INTO ai.support_case (id, text, type, priority, closed, assigned_to, satisfaction, changed_at) "
                        + "SELECT 'case_' || i, 'Case ' || i, (ARRAY['Problem','Question','Incident','Feature Request'])[1 + i % 4], "
                        + "'Medium', i % 10 <> 0, 'usr_' || (i % 200), 1 + i % 5, now() - (i % 100000) * interval '1 minute' "
                        + "FROM generate_series(1, " + ROWS + ") i",
                "ANALYZE ai.deal", "ANALYZE ai.deal_activity", "ANALYZE ai.deal_line", "ANALYZE ai.support_case", "ANALYZE ai.account_profile", "ANALYZE ai.prediction",
                "ANALYZE ai.lead_profile", "ANALYZE ai.lead_activity");
        System.out.printf("[volume] outcome store of %,d deals loaded and analyzed in %.1f s%n", ROWS, (System.nanoTime() - start) / 1e9);
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            db.close();
        }
    }

    /** No sequential scan of a big table, and no sort of more than {@code sortBound} rows. */
    static void assertBounded(String what, JsonNode plan, long sortBound) {
        ScratchDatabase.nodes(plan, node -> {
            String type = node.path("Node Type").asText();
            assertFalse(type.equals("Seq Scan") && BIG.contains(node.path("Relation Name").asText()),
                    what + " reads a whole table: " + plan.toPrettyString());
            if (type.equals("Sort") || type.equals("Incremental Sort")) {
                assertTrue(node.path("Actual Rows").asLong() <= sortBound, what + " sorts too much: " + plan.toPrettyString());
            }
        });
        System.out.printf("[volume] %s: %.1f ms, %s%n", what, plan.path("Actual Total Time").asDouble(),
                ScratchDatabase.scans(plan));
    }

    @Test
    void trainingReadsTheNewestOutcomesThroughTheirIndexes() {
        assertBounded("newest 20,000 closed deals with their activities and prior wins",
                db.plan(OutcomeStore.CLOSED_DEALS, "20000"), 20_000);
        assertBounded("newest 20,000 decided leads with their activities", db.plan(OutcomeStore.DECIDED_LEADS, "20000"), 20_000);
        assertBounded("newest 20,000 won deals with their products", db.plan(OutcomeStore.WON_BASKETS, "20000"), 2 * 20_000);
    }

    @Test
    void theTrainersScheduledQuestionsAreAnswersFromAnIndex() {
        for (String model : List.of(ModelRegistry.WIN, ModelRegistry.LEAD)) {
            assertBounded("outcomes of " + model + " since an hour ago, up to 50",
                    db.plan(OutcomeStore.outcomesSince(model), "now() - interval '1 hour'", "50"), 0);
            assertBounded("newest outcome of " + model, db.plan(OutcomeStore.newestOutcome(model)), 0);
        }
    }

    @Test
    void aPredictionsAndTheReportsReadsAreBounded() {
        assertBounded("an account's wins and industry", db.plan(OutcomeStore.ACCOUNT, "'acc_42'"), 0);
        assertBounded("the products an account bought", db.plan(OutcomeStore.ACCOUNT_PRODUCTS, "'acc_42'"), 100);
        assertBounded("the newest 2,000 closed cases", db.plan(OutcomeStore.CLOSED_CASES, "2000"), 0);
        assertBounded("three agents' loads", db.plan(OutcomeStore.AGENT_LOADS, "'{usr_1,usr_2,usr_3}'::text[]", "'Incident'"), 0);
        assertBounded("an open deal's activities", db.plan(OutcomeStore.DEAL_ACTIVITY, "'{opp_5,opp_10}'::text[]", "current_date"), 100);
        assertBounded("the newest 50,000 resolved win predictions, the last per deal",
                db.plan(OutcomeStore.RESOLVED, "'win'", String.valueOf(ModelReports.LIVE_WINDOW)), ModelReports.LIVE_WINDOW);
        assertBounded("a deal closing resolves its predictions",
                db.plan(OutcomeStore.RESOLVE, "'opp_42'", "true", "now()", "'win'"), 0);
    }
}
