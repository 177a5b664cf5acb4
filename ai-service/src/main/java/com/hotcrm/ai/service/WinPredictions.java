package com.hotcrm.ai.service;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.llm.Narrator;
import com.hotcrm.ai.model.Engine;
import com.hotcrm.ai.model.TextSignals;
import com.hotcrm.ai.model.Fitting;
import com.hotcrm.ai.model.WinModel;
import com.hotcrm.ai.outcome.ModelRegistry;
import com.hotcrm.ai.outcome.OutcomeStore;

import io.smallrye.mutiny.Uni;

/**
 * POST /v1/ai/win-prediction/{opportunityId}: the organisation's current win model's probability with the factors
 * that moved it, the risks the rules see, a next step. An open deal's prediction is appended to the history
 * ({@code ai.prediction}, resolved when the deal closes) and, unless {@code writeBack=false}, written to its AI fields.
 */
@ApplicationScoped
public class WinPredictions {

    private final CrmData crm;
    private final Narrator narrator;
    private final ModelRegistry models;
    private final OutcomeStore outcomes;
    private final PredictionHistory history;

    WinPredictions(CrmData crm, Narrator narrator, ModelRegistry models, OutcomeStore outcomes, PredictionHistory history) {
        this.crm = crm;
        this.narrator = narrator;
        this.models = models;
        this.outcomes = outcomes;
        this.history = history;
    }

    static final List<String> OPP_FIELDS = List.of("Name", "Amount", "Stage", "CloseDate", "CreatedDate", "AccountId",
            "Competitor", "IsClosed", "IsWon", "Type");

    /**
     * @param writeBack null: write the AI fields when the caller may (a refusal only sets {@code writtenBack: false});
     *                  true: write them or fail with the refusal; false: do not write
     */
    public Uni<Map<String, Object>> winPrediction(String auth, String userId, String opportunityId, Boolean writeBack) {
        return crm.one(auth, "Opportunity", opportunityId, OPP_FIELDS).flatMap(opp -> Uni.combine().all()
                .unis(models.currentWin(), crm.activities(auth, List.of(List.of("WhatId", "=", opportunityId))),
                        outcomes.account(opp.path("AccountId").asText(null)),
                        outcomes.dealActivities(List.of(opportunityId), RecordFacts.today()))
                .asTuple().map(t -> predict(opp, t.getItem1(), t.getItem2(), t.getItem3(), t.getItem4().get(opportunityId)))
                .flatMap(out -> narrator.rewrite(out, Map.of("opportunity", opp), "Suggest the next "
                        + "step for this opportunity and write the competitive intelligence, from its win probability, "
                        + "risk factors and the competitors named.",
                        Map.of("nextStepSuggestion", Narrator.Kind.TEXT, "competitiveIntel", Narrator.Kind.TEXT)))
                .flatMap(out -> opp.path("IsClosed").asBoolean(false) ? Uni.createFrom().item(out)
                        : keep(auth, userId, opportunityId, out, writeBack)));
    }

    /** The prediction into the history, then (as asked) onto the opportunity's AI fields. */
    private Uni<Map<String, Object>> keep(String auth, String userId, String id, Map<String, Object> out, Boolean writeBack) {
        @SuppressWarnings("unchecked")
        List<String> risks = (List<String>) out.get("riskFactors");
        int probability = (Integer) out.get("winProbability");
        ObjectNode fields = JsonNodeFactory.instance.objectNode().put("AIWinProbability", probability)
                .put("AIRiskFactors", String.join("\n", risks)).put("AINextStepSuggestion", (String) out.get("nextStepSuggestion"))
                .put("AICompetitiveIntel", (String) out.get("competitiveIntel"));
        return history.keep(auth, userId, new PredictionHistory.Kept(ModelRegistry.WIN, (Integer) out.get("modelVersion"),
                "Opportunity", "opportunities", id, probability / 100.0, fields), writeBack, out);
    }

    /**
     * @param activities the deal's activities the caller reads: the competitors they name are told (risks, intel)
     * @param stored     the deal's activities as the organisation's outcome store has them: the model's features,
     *                   counted as a closed deal's were, whoever asks
     */
    Map<String, Object> predict(JsonNode opp, WinModel model, List<JsonNode> activities, OutcomeStore.AccountFacts account,
            OutcomeStore.ActivityFacts stored) {
        LocalDate today = RecordFacts.today();
        String stage = opp.path("Stage").asText();
        Set<String> competitors = TextSignals.competitors(RecordFacts.texts(activities), RecordFacts.competitorField(opp));
        boolean competitorField = opp.hasNonNull("Competitor") && !opp.get("Competitor").asText().isBlank();
        if (competitorField) {
            competitors.add(opp.get("Competitor").asText().trim());
        }
        WinModel.Facts facts = openFacts(opp, stored, today, competitorField, account);
        int probability;
        int confidence;
        List<Fitting.Factor> factors = List.of();
        if (opp.path("IsClosed").asBoolean(false)) {
            probability = opp.path("IsWon").asBoolean(false) ? 100 : 0;
            confidence = 100;
        } else {
            probability = (int) Math.round(100 * model.probability(facts));
            confidence = model.confidence();
            factors = model.factors(facts);
        }
        List<String> risks = risks(opp, facts, competitors, model.medianWonCycleDays(), today);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("opportunityId", opp.path("Id").asText());
        out.put("winProbability", probability);
        out.put("riskFactors", risks);
        out.put("nextStepSuggestion", nextStep(stage, risks, competitors));
        out.put("competitiveIntel", competitors.isEmpty() ? "No competitor mentioned in this deal's activities"
                : "Customer is also evaluating " + String.join(", ", competitors)
                        + ". Lead with proven outcomes and the total cost of ownership.");
        out.put("confidence", confidence);
        out.put("topPositiveFactors", factors.stream().filter(f -> f.impact() > 0).limit(3).toList());
        out.put("topNegativeFactors", factors.stream().filter(f -> f.impact() < 0).limit(3).toList());
        out.put("model", model.fitted() ? "win model v" + model.version() + ": logistic regression on " + model.sampleSize()
                + " closed opportunities, calibrated on the newest of them"
                : "stage priors (no win model trained yet: it needs " + WinModel.MIN_HISTORY + " closed opportunities)");
        out.put("modelVersion", model.fitted() ? model.version() : null);
        out.put("engine", Engine.BUILTIN);
        return out;
    }

    /**
     * An open deal's features, as the model was fitted on them (ModelTrainer.outcomes): its stage, amount and age, its
     * activities up to today and whether they or its Competitor field name a competitor, and its account's wins and
     * industry, all from the organisation's outcome store.
     */
    static WinModel.Facts openFacts(JsonNode opp, OutcomeStore.ActivityFacts stored, LocalDate today, boolean competitorField,
            OutcomeStore.AccountFacts account) {
        LocalDate created = RecordFacts.date(opp.path("CreatedDate"));
        OutcomeStore.ActivityFacts acts = stored == null ? new OutcomeStore.ActivityFacts(0, null, false) : stored;
        long sinceLast = OutcomeStore.ActivityFacts.daysSince(acts.last(), today);
        return new WinModel.Facts(opp.path("Stage").asText(null), opp.path("Amount").asDouble(0),
                Math.max(0, ChronoUnit.DAYS.between(created, today)), acts.activities(), sinceLast,
                competitorField || acts.competitorNamed(), account.wins(), account.industry());
    }

    static List<String> risks(JsonNode opp, WinModel.Facts facts, Set<String> competitors, long medianWonCycle, LocalDate today) {
        List<String> risks = new ArrayList<>();
        if (!competitors.isEmpty()) {
            risks.add("Competitor presence detected (" + String.join(", ", competitors) + ")");
        }
        if (medianWonCycle > 0 && facts.ageDays() > 1.5 * medianWonCycle) {
            risks.add("Long sales cycle (" + facts.ageDays() + " days; won deals take " + medianWonCycle + ")");
        }
        if (facts.activities() == 0) {
            risks.add("No activity logged on this deal");
        } else if (facts.daysSinceActivity() > 30) {
            risks.add("No activity in " + facts.daysSinceActivity() + " days");
        }
        if (!opp.path("IsClosed").asBoolean(false) && opp.hasNonNull("CloseDate")) {
            long overdue = ChronoUnit.DAYS.between(RecordFacts.date(opp.get("CloseDate")), today);
            if (overdue > 0) {
                risks.add("Close date passed " + overdue + " days ago");
            }
        }
        return risks;
    }

    private static String nextStep(String stage, List<String> risks, Set<String> competitors) {
        if (risks.stream().anyMatch(r -> r.startsWith("Close date passed"))) {
            return "Confirm the timeline with the customer and update the close date";
        }
        if (!competitors.isEmpty()) {
            return "Schedule an executive meeting to address the comparison with " + competitors.iterator().next();
        }
        if (risks.stream().anyMatch(r -> r.startsWith("No activity"))) {
            return "Re-engage the buyer with a call this week";
        }
        return switch (stage) {
            case "Prospecting", "Qualification" -> "Qualify budget, authority, need and timeline in a discovery call";
            case "Needs Analysis" -> "Map requirements and present a tailored demo";
            case "Proposal" -> "Walk the decision makers through the proposal and handle objections";
            case "Negotiation" -> "Agree on final terms and schedule the signature";
            default -> "Keep the deal moving with a clear next meeting";
        };
    }
}
