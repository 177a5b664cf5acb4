package com.hotcrm.ai.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class WinModelTest {

    static final List<String> STAGES = List.of("Prospecting", "Qualification", "Needs Analysis", "Proposal", "Negotiation");

    /**
     * Deals generated with a known rule: later stages, more activity, recent activity and no competitor win more
     * often; long cycles lose. The rule is noisy (logistic), like real outcomes. {@code stages}: whether the deals
     * show the stage they were last open in (deals loaded already closed do not).
     */
    static List<WinModel.Outcome> deals(int n, long seed, boolean stages) {
        Random random = new Random(seed);
        List<WinModel.Outcome> deals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int stage = random.nextInt(STAGES.size());
            int activities = random.nextInt(15);
            long sinceLast = random.nextInt(90);
            boolean competitor = random.nextDouble() < 0.3;
            long cycle = 10 + random.nextInt(200);
            double amount = Math.exp(8 + random.nextDouble() * 6);
            int priorWins = random.nextInt(3);
            double logit = -1.5 + 0.6 * stage + 0.35 * activities - 0.04 * sinceLast - 1.5 * (competitor ? 1 : 0)
                    - 0.012 * cycle + 0.6 * priorWins;
            boolean won = random.nextDouble() < 1 / (1 + Math.exp(-logit));
            deals.add(new WinModel.Outcome(new WinModel.Facts(stages ? STAGES.get(stage) : null, amount, cycle, activities,
                    sinceLast, competitor, priorWins, i % 2 == 0 ? "Technology" : "Retail"), won,
                    LocalDate.of(2025, 1, 1).plusDays(i)));
        }
        return deals;
    }

    static double auc(WinModel model, List<WinModel.Outcome> deals) {
        double[] scores = deals.stream().mapToDouble(o -> model.probability(o.facts())).toArray();
        int[] labels = deals.stream().mapToInt(o -> o.won() ? 1 : 0).toArray();
        return LogisticRegression.auc(scores, labels);
    }

    @Test
    void onLaterDealsTheFittedModelRanksWinsAboveLossesAndBeatsTheStagePrior() {
        Fitting.Trained<WinModel> trained = WinModel.fit(deals(800, 1, true));
        assertTrue(trained.model().fitted());
        assertEquals(640, trained.trainRows(), "the oldest 80 % fit it");
        assertEquals(160, trained.metrics().rows(), "the newest 20 % measure it");
        assertTrue(trained.metrics().auc() >= 0.8, "held-out AUC " + trained.metrics().auc());
        assertTrue(trained.metrics().auc() >= trained.baseline().auc() + 0.05,
                "model " + trained.metrics().auc() + " against the stage prior " + trained.baseline().auc());
        double auc = auc(trained.model(), deals(400, 2, true));
        assertTrue(auc >= 0.8, "AUC on new deals " + auc);
        assertTrue(trained.model().confidence() > 60, "confidence " + trained.model().confidence());
    }

    @Test
    void itsProbabilitiesAreCalibratedOnDealsItNeverSaw() {
        Fitting.Trained<WinModel> trained = WinModel.fit(deals(4000, 5, true));
        assertTrue(trained.metrics().heldOut());
        List<WinModel.Outcome> later = deals(4000, 6, true);
        List<Map<String, Object>> table = Fitting.metrics(later.stream().mapToDouble(o -> trained.model().probability(o.facts()))
                .toArray(), later.stream().mapToInt(o -> o.won() ? 1 : 0).toArray()).calibration();
        assertFalse(table.isEmpty());
        for (Map<String, Object> band : table) {
            if ((Integer) band.get("rows") >= 80) {
                double gap = Math.abs((Double) band.get("predicted") - (Double) band.get("observed"));
                assertTrue(gap < 0.1, "band " + band);
            }
        }
        assertTrue(trained.metrics().brier() < trained.baseline().brier(), "Brier " + trained.metrics().brier()
                + " against the stage prior's " + trained.baseline().brier());
    }

    @Test
    void eachPredictionNamesTheFactorsThatMovedItStrongestFirst() {
        WinModel model = WinModel.fit(deals(800, 1, true)).model();
        List<Fitting.Factor> factors = model.factors(new WinModel.Facts("Proposal", 50_000, 30, 0, 365, true, 0, "Retail"));
        assertEquals(WinModel.FEATURES.size(), factors.size());
        Fitting.Factor competitor = factors.stream().filter(f -> f.feature().equals("competitor")).findFirst().orElseThrow();
        assertTrue(competitor.impact() < 0, "a competitor lowers the chance: " + competitor);
        Fitting.Factor activities = factors.stream().filter(f -> f.feature().equals("activities")).findFirst().orElseThrow();
        assertTrue(activities.impact() < 0, "no activity lowers it: " + activities);
        for (int i = 1; i < factors.size(); i++) {
            assertTrue(Math.abs(factors.get(i - 1).impact()) >= Math.abs(factors.get(i).impact()));
        }
    }

    @Test
    void withoutOpenStagesInTheHistoryTheStagePriorStillOrdersTheStages() {
        Fitting.Trained<WinModel> trained = WinModel.fit(deals(800, 3, false));
        assertFalse(trained.model().params().stageLearnt());
        WinModel.Facts early = new WinModel.Facts("Prospecting", 50_000, 30, 5, 3, false, 0, null);
        WinModel.Facts late = new WinModel.Facts("Negotiation", 50_000, 30, 5, 3, false, 0, null);
        assertTrue(trained.model().probability(late) > trained.model().probability(early) + 0.2);
        assertTrue(trained.model().factors(late).stream().noneMatch(f -> f.feature().equals("stage")),
                "a stage it never learnt is not named as a factor");
    }

    @Test
    void aStoredModelPredictsAsTheTrainedOneDid() throws Exception {
        WinModel trained = WinModel.fit(deals(800, 1, true)).model();
        ObjectMapper json = new ObjectMapper();
        WinModel.Params params = json.readValue(json.writeValueAsString(trained.params()), WinModel.Params.class);
        WinModel stored = WinModel.of(params, 7, 800, 0.8);
        for (WinModel.Outcome deal : deals(50, 9, true)) {
            assertEquals(trained.probability(deal.facts()), stored.probability(deal.facts()), 1e-12);
        }
        assertEquals(7, stored.version());
    }

    @Test
    void withTooLittleHistoryTheStagePriorIsTheAnswer() {
        Fitting.Trained<WinModel> trained = WinModel.fit(deals(10, 3, true));
        assertFalse(trained.model().fitted());
        assertEquals(0.75, trained.model().probability(new WinModel.Facts("Negotiation", 1000, 30, 3, 2, false, 0, null)));
        assertEquals(30, trained.model().confidence());
        assertTrue(trained.model().factors(new WinModel.Facts("Negotiation", 1000, 30, 3, 2, false, 0, null)).isEmpty());
    }

    @Test
    void aucIsTheShareOfCorrectlyOrderedPairs() {
        assertEquals(1.0, LogisticRegression.auc(new double[] { 0.9, 0.8, 0.1 }, new int[] { 1, 1, 0 }));
        assertEquals(0.0, LogisticRegression.auc(new double[] { 0.1, 0.9 }, new int[] { 1, 0 }));
        assertEquals(0.5, LogisticRegression.auc(new double[] { 0.5, 0.5 }, new int[] { 1, 0 }));
        assertEquals(0.75, LogisticRegression.auc(new double[] { 0.9, 0.5, 0.5, 0.1 }, new int[] { 1, 1, 0, 0 }) - 0.125, 1e-12);
        assertNotNull(Fitting.metrics(new double[] { 0.9, 0.1 }, new int[] { 1, 0 }).calibration());
    }

    @Test
    void aRowsCategoryRateAtTrainingDoesNotMoveWithItsOwnOutcome() {
        List<Boolean> outcomes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            outcomes.add(i % 3 == 0);
        }
        double[] rates = Fitting.outOfFoldRates(outcomes, o -> "Retail", o -> o, 0.3);
        List<Boolean> flipped = new ArrayList<>(outcomes);
        flipped.set(7, !flipped.get(7));
        double[] after = Fitting.outOfFoldRates(flipped, o -> "Retail", o -> o, 0.3);
        assertEquals(rates[7], after[7], 1e-12, "row 7's own outcome is not in its feature");
        // leaving only the row out would give the won rows of one category a lower rate than the lost ones
        assertEquals(rates[0], rates[5], 1e-12, "a won and a lost row of the same fold see the same rate");
    }
}
