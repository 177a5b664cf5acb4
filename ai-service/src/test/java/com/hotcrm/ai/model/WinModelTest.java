package com.hotcrm.ai.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class WinModelTest {

    /**
     * Deals generated with a known rule: more activity, recent activity and no competitor win more often;
     * long cycles lose. The rule is noisy (logistic), like real outcomes.
     */
    static List<WinModel.Outcome> deals(int n, long seed) {
        Random random = new Random(seed);
        List<WinModel.Outcome> deals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int activities = random.nextInt(15);
            long sinceLast = random.nextInt(90);
            boolean competitor = random.nextDouble() < 0.3;
            long cycle = 10 + random.nextInt(200);
            double amount = Math.exp(8 + random.nextDouble() * 6);
            int priorWins = random.nextInt(3);
            double logit = -0.5 + 0.35 * activities - 0.04 * sinceLast - 1.5 * (competitor ? 1 : 0) - 0.012 * cycle
                    + 0.6 * priorWins;
            boolean won = random.nextDouble() < 1 / (1 + Math.exp(-logit));
            deals.add(new WinModel.Outcome(new WinModel.Facts(amount, cycle, activities, sinceLast, competitor, priorWins), won));
        }
        return deals;
    }

    @Test
    void onHeldOutDealsTheFittedModelRanksWinsAboveLossesWithAucOfAtLeast08() {
        WinModel model = WinModel.fit(deals(600, 1));
        assertTrue(model.fitted());
        List<WinModel.Outcome> heldOut = deals(400, 2);
        double[] scores = heldOut.stream().mapToDouble(o -> model.modelProbability(o.facts())).toArray();
        int[] labels = heldOut.stream().mapToInt(o -> o.won() ? 1 : 0).toArray();
        double auc = LogisticRegression.auc(scores, labels);
        assertTrue(auc >= 0.8, "held-out AUC " + auc);
        assertTrue(model.confidence() > 60, "confidence " + model.confidence());
    }

    @Test
    void withTooLittleHistoryTheStagePriorIsTheAnswer() {
        WinModel model = WinModel.fit(deals(10, 3));
        assertFalse(model.fitted());
        assertEquals(0.75, model.probability("Negotiation", new WinModel.Facts(1000, 30, 3, 2, false, 0)));
        assertEquals(30, model.confidence());
    }

    @Test
    void aucIsTheShareOfCorrectlyOrderedPairs() {
        assertEquals(1.0, LogisticRegression.auc(new double[] { 0.9, 0.8, 0.1 }, new int[] { 1, 1, 0 }));
        assertEquals(0.0, LogisticRegression.auc(new double[] { 0.1, 0.9 }, new int[] { 1, 0 }));
        assertEquals(0.5, LogisticRegression.auc(new double[] { 0.5, 0.5 }, new int[] { 1, 0 }));
    }
}
