package com.hotcrm.ai.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class LeadModelTest {

    static final List<String> SOURCES = List.of("Web", "Referral", "Trade Show", "Cold Call");

    /** Leads that convert more from referrals, when complete and engaged; noisy like real outcomes. */
    static List<LeadModel.Outcome> leads(int n, long seed) {
        Random random = new Random(seed);
        List<LeadModel.Outcome> leads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int completeness = 10 * random.nextInt(11);
            int activities = random.nextInt(8);
            String source = SOURCES.get(random.nextInt(SOURCES.size()));
            double logit = -3 + 0.03 * completeness + 0.3 * activities + ("Referral".equals(source) ? 1.2 : 0);
            boolean converted = random.nextDouble() < 1 / (1 + Math.exp(-logit));
            leads.add(new LeadModel.Outcome(new LeadModel.Facts(completeness, Math.exp(10 + random.nextDouble() * 6),
                    random.nextInt(1000), activities, random.nextInt(60), 10 + random.nextInt(100), null, source), converted,
                    LocalDate.of(2025, 1, 1).plusDays(i)));
        }
        return leads;
    }

    @Test
    void itLearnsWhichLeadsConvertAndBeatsTheOverallRateOnLaterLeads() throws Exception {
        Fitting.Trained<LeadModel> trained = LeadModel.fit(leads(1000, 1));
        assertTrue(trained.fitted());
        assertTrue(trained.metrics().auc() >= 0.7, "held-out AUC " + trained.metrics().auc());
        assertEquals(0.5, trained.baseline().auc(), "one rate for every lead ranks none above another");
        assertTrue(trained.metrics().brier() < trained.baseline().brier());
        LeadModel model = trained.model();
        LeadModel.Facts referral = new LeadModel.Facts(90, 1e6, 100, 5, 3, 30, null, "Referral");
        LeadModel.Facts cold = new LeadModel.Facts(90, 1e6, 100, 5, 3, 30, null, "Cold Call");
        assertTrue(model.probability(referral) > model.probability(cold) + 0.1);
        assertTrue(model.factors(cold).stream().anyMatch(f -> f.feature().equals("sourceConversionRate") && f.impact() < 0));
        ObjectMapper json = new ObjectMapper();
        LeadModel stored = LeadModel.of(json.readValue(json.writeValueAsString(model.params()), LeadModel.Params.class), 3, 1000, 0.8);
        assertEquals(model.probability(referral), stored.probability(referral), 1e-12);
    }

    @Test
    void belowFortyOutcomesThereIsNoModel() {
        Fitting.Trained<LeadModel> trained = LeadModel.fit(leads(39, 2));
        assertFalse(trained.fitted());
        assertFalse(trained.model().fitted());
        assertEquals(30, trained.model().confidence());
    }
}
