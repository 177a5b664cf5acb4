package com.hotcrm.ai.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An open deal is scored on the features the model was fitted on: a competitor it names and its account's wins move
 * its probability as they moved the outcomes of the closed deals (they were once passed as "none" and moved nothing).
 */
class WinPredictionsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Closed deals where a named competitor mostly loses and the loyal account mostly wins. */
    static OutcomeModels.Win history() {
        Random random = new Random(7);
        List<JsonNode> closed = new ArrayList<>();
        LocalDate start = LocalDate.of(2025, 1, 1);
        for (int i = 0; i < 400; i++) {
            boolean competitor = random.nextDouble() < 0.4;
            boolean loyal = random.nextDouble() < 0.25;
            double p = competitor ? 0.15 : loyal ? 0.85 : 0.5;
            LocalDate created = start.plusDays(i / 2);
            ObjectNode opp = JSON.createObjectNode().put("Id", "opp_" + i).put("Amount", 10_000 + random.nextInt(90_000))
                    .put("CreatedDate", created + "T09:00:00Z").put("CloseDate", created.plusDays(30 + random.nextInt(30)).toString())
                    .put("AccountId", loyal ? "acc_loyal" : "acc_" + i).put("IsWon", random.nextDouble() < p);
            if (competitor) {
                opp.put("Competitor", "Rival Corp");
            }
            closed.add(opp);
        }
        return OutcomeModels.fitWin(closed, List.of());
    }

    static int probability(OutcomeModels.Win win, String account, String competitor) {
        ObjectNode open = JSON.createObjectNode().put("Id", "opp_open").put("Amount", 50_000).put("Stage", "Proposal")
                .put("CreatedDate", LocalDate.now().minusDays(20) + "T09:00:00Z").put("AccountId", account)
                .put("IsClosed", false);
        if (competitor != null) {
            open.put("Competitor", competitor);
        }
        Map<String, Object> out = new WinPredictions(null, null, null).predict(open, win, List.of());
        return (Integer) out.get("winProbability");
    }

    @Test
    void aCompetitorAndTheAccountsWinsMoveAnOpenDealsProbabilityAsTheyMovedClosedOnes() {
        OutcomeModels.Win win = history();
        assertTrue(win.model().fitted(), "enough history to fit");
        int plain = probability(win, "acc_new", null);
        int withCompetitor = probability(win, "acc_new", "Rival Corp");
        int loyal = probability(win, "acc_loyal", null);
        assertTrue(withCompetitor < plain - 5, "a named competitor lowers it: " + withCompetitor + " vs " + plain);
        assertTrue(loyal > plain + 5, "an account that keeps winning raises it: " + loyal + " vs " + plain);
    }
}
