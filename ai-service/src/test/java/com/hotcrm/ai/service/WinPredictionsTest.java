package com.hotcrm.ai.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.ai.model.WinModel;
import com.hotcrm.ai.outcome.OutcomeStore;

/**
 * An open deal is scored on the features the model was fitted on: a competitor it names and its account's wins move
 * its probability as they moved the outcomes of the closed deals (they were once passed as "none" and moved nothing).
 */
class WinPredictionsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Closed deals where a named competitor mostly loses and the loyal account mostly wins. */
    static WinModel history() {
        Random random = new Random(7);
        List<WinModel.Outcome> closed = new ArrayList<>();
        LocalDate start = LocalDate.of(2025, 1, 1);
        int loyalWins = 0;
        for (int i = 0; i < 400; i++) {
            boolean competitor = random.nextDouble() < 0.4;
            boolean loyal = random.nextDouble() < 0.25;
            double p = competitor ? 0.15 : loyal ? 0.85 : 0.5;
            boolean won = random.nextDouble() < p;
            closed.add(new WinModel.Outcome(new WinModel.Facts(null, 10_000 + random.nextInt(90_000), 30 + random.nextInt(30), 0,
                    365, competitor, loyal ? loyalWins : 0, null), won, start.plusDays(i / 2)));
            if (loyal && won) {
                loyalWins++;
            }
        }
        return WinModel.fit(closed).model();
    }

    static int probability(WinModel model, int accountWins, String competitor) {
        ObjectNode open = JSON.createObjectNode().put("Id", "opp_open").put("Amount", 50_000).put("Stage", "Proposal")
                .put("CreatedDate", LocalDate.now().minusDays(20) + "T09:00:00Z").put("AccountId", "acc_x")
                .put("IsClosed", false);
        if (competitor != null) {
            open.put("Competitor", competitor);
        }
        Map<String, Object> out = new WinPredictions(null, null, null, null, null).predict(open, model, List.of(),
                new OutcomeStore.AccountFacts(accountWins, null), new OutcomeStore.ActivityFacts(0, null, false));
        return (Integer) out.get("winProbability");
    }

    @Test
    void aCompetitorAndTheAccountsWinsMoveAnOpenDealsProbabilityAsTheyMovedClosedOnes() {
        WinModel model = history();
        assertTrue(model.fitted(), "enough history to fit");
        int plain = probability(model, 0, null);
        int withCompetitor = probability(model, 0, "Rival Corp");
        int loyal = probability(model, 40, null);
        assertTrue(withCompetitor < plain - 5, "a named competitor lowers it: " + withCompetitor + " vs " + plain);
        assertTrue(loyal > plain + 5, "an account that keeps winning raises it: " + loyal + " vs " + plain);
    }
}
