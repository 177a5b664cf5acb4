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
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.llm.Narrator;
import com.hotcrm.ai.model.Engine;
import com.hotcrm.ai.model.TextSignals;
import com.hotcrm.ai.model.WinModel;

import io.smallrye.mutiny.Uni;

/** POST /v1/ai/win-prediction/{opportunityId}: the win model's probability, the risks the rules see, a next step. */
@ApplicationScoped
public class WinPredictions {

    private final CrmData crm;
    private final Narrator narrator;
    private final OutcomeModels models;

    WinPredictions(CrmData crm, Narrator narrator, OutcomeModels models) {
        this.crm = crm;
        this.narrator = narrator;
        this.models = models;
    }

    static final List<String> OPP_FIELDS = List.of("Name", "Amount", "Stage", "CloseDate", "CreatedDate", "AccountId",
            "Competitor", "IsClosed", "IsWon", "Type");

    public Uni<Map<String, Object>> winPrediction(String auth, String userId, String opportunityId) {
        return crm.one(auth, "Opportunity", opportunityId, OPP_FIELDS).flatMap(opp -> Uni.combine().all()
                .unis(models.win(userId, auth), crm.activities(auth, List.of(List.of("WhatId", "=", opportunityId))))
                .asTuple().map(t -> predict(opp, t.getItem1(), t.getItem2()))
                .flatMap(out -> narrator.rewrite(out, Map.of("opportunity", opp), "Suggest the next "
                        + "step for this opportunity and write the competitive intelligence, from its win probability, "
                        + "risk factors and the competitors named.",
                        Map.of("nextStepSuggestion", Narrator.Kind.TEXT, "competitiveIntel", Narrator.Kind.TEXT))));
    }

    Map<String, Object> predict(JsonNode opp, OutcomeModels.Win win, List<JsonNode> activities) {
        LocalDate today = RecordFacts.today();
        String stage = opp.path("Stage").asText();
        Set<String> competitors = TextSignals.competitors(RecordFacts.texts(activities), RecordFacts.competitorField(opp));
        if (opp.hasNonNull("Competitor") && !opp.get("Competitor").asText().isBlank()) {
            competitors.add(opp.get("Competitor").asText().trim());
        }
        WinModel.Facts facts = openFacts(opp, activities, today, !competitors.isEmpty(),
                win.priorWins(opp.path("AccountId").asText(null)));
        int probability;
        int confidence;
        if (opp.path("IsClosed").asBoolean(false)) {
            probability = opp.path("IsWon").asBoolean(false) ? 100 : 0;
            confidence = 100;
        } else {
            probability = (int) Math.round(100 * win.model().probability(stage, facts));
            confidence = win.model().confidence();
        }
        List<String> risks = risks(opp, facts, competitors, win.medianWonCycleDays(), today);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("opportunityId", opp.path("Id").asText());
        out.put("winProbability", probability);
        out.put("riskFactors", risks);
        out.put("nextStepSuggestion", nextStep(stage, risks, competitors));
        out.put("competitiveIntel", competitors.isEmpty() ? "No competitor mentioned in this deal's activities"
                : "Customer is also evaluating " + String.join(", ", competitors)
                        + ". Lead with proven outcomes and the total cost of ownership.");
        out.put("confidence", confidence);
        out.put("model", win.model().fitted() ? "logistic regression on " + win.model().sampleSize() + " closed opportunities"
                : "stage priors (" + win.model().sampleSize() + " closed opportunities are too few to fit)");
        out.put("engine", Engine.BUILTIN);
        return out;
    }

    /**
     * An open deal's features, the same the model was fitted on (OutcomeModels.fitWin): the competitor named in its
     * activities or its Competitor field, and its account's won deals.
     */
    static WinModel.Facts openFacts(JsonNode opp, List<JsonNode> activities, LocalDate today, boolean competitor,
            int priorWins) {
        LocalDate created = RecordFacts.date(opp.path("CreatedDate"));
        return new WinModel.Facts(opp.path("Amount").asDouble(0), Math.max(0, ChronoUnit.DAYS.between(created, today)),
                activities.size(), RecordFacts.sinceLast(activities, today), competitor, priorWins);
    }

    static List<String> risks(JsonNode opp, WinModel.Facts facts, Set<String> competitors, long medianWonCycle, LocalDate today) {
        List<String> risks = new ArrayList<>();
        if (!competitors.isEmpty()) {
            risks.add("Competitor presence detected (" + String.join(", ", competitors) + ")");
        }
        if (medianWonCycle > 0 && facts.cycleDays() > 1.5 * medianWonCycle) {
            risks.add("Long sales cycle (" + facts.cycleDays() + " days; won deals take " + medianWonCycle + ")");
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
