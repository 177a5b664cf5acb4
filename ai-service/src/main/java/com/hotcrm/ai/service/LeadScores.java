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
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.llm.Narrator;
import com.hotcrm.ai.model.Engine;
import com.hotcrm.ai.model.Fitting;
import com.hotcrm.ai.model.LeadModel;
import com.hotcrm.ai.model.LeadScoring;
import com.hotcrm.ai.outcome.ModelRegistry;
import com.hotcrm.ai.outcome.OutcomeStore;

import io.smallrye.mutiny.Uni;

/**
 * POST /v1/ai/lead-score/{leadId}: the chance the lead converts, from the organisation's lead model once it has one
 * ({@link LeadModel}), else the rules' score ({@link LeadScoring}); the rules' factors, the model's strongest
 * factors, and the next action. An open lead's score is kept in the history (resolved when it converts or is
 * unqualified) and, unless {@code writeBack=false}, written to its LeadScore.
 */
@ApplicationScoped
public class LeadScores {

    /** Statuses that are outcomes: the lead's score is history, not kept again. */
    static final Set<String> DECIDED = Set.of("Converted", "Unqualified");

    private final CrmData crm;
    private final Narrator narrator;
    private final OutcomeModels baselines;
    private final ModelRegistry models;
    private final PredictionHistory history;
    private final OutcomeStore outcomes;

    LeadScores(CrmData crm, Narrator narrator, OutcomeModels baselines, ModelRegistry models, PredictionHistory history,
            OutcomeStore outcomes) {
        this.outcomes = outcomes;
        this.crm = crm;
        this.narrator = narrator;
        this.baselines = baselines;
        this.models = models;
        this.history = history;
    }

    /**
     * @param writeBack null: write LeadScore when the caller may (a refusal only sets {@code writtenBack: false});
     *                  true: write it or fail with the refusal (403, 404); false: do not write
     */
    public Uni<Map<String, Object>> leadScore(String auth, String userId, String leadId, Boolean writeBack) {
        List<String> fields = new ArrayList<>(LeadScoring.KEY_FIELDS);
        fields.addAll(List.of("Status", "Source", "CreatedDate"));
        return crm.one(auth, "Lead", leadId, fields).flatMap(lead -> Uni.combine().all()
                .unis(baselines.leadBaseline(userId, auth), crm.firstPage(auth, crm.query("Activity", List.of("ActivityDate", "CreatedDate"),
                        List.of(List.of("WhoId", "=", leadId)), "-CreatedDate")), models.currentLead(),
                        outcomes.leadActivities(leadId, RecordFacts.today()))
                .asTuple().map(t -> score(lead, t.getItem1(), t.getItem2().stream().map(RecordFacts::activityDate).toList(),
                        t.getItem3(), t.getItem4()))
                .flatMap(out -> narrator.rewrite(out, Map.of("lead", lead), "Write a one-sentence summary of this lead's "
                        + "quality and the next action for the sales rep, from its score and factors.",
                        Map.of("summary", Narrator.Kind.TEXT, "recommendedAction", Narrator.Kind.TEXT)))
                .flatMap(out -> DECIDED.contains(lead.path("Status").asText()) ? Uni.createFrom().item(out)
                        : history.keep(auth, userId, new PredictionHistory.Kept(ModelRegistry.LEAD, (Integer) out.get("modelVersion"),
                                "Lead", "leads", leadId, ((Integer) out.get("score")) / 100.0,
                                JsonNodeFactory.instance.objectNode().put("LeadScore", (Integer) out.get("score"))), writeBack, out)));
    }

    /**
     * @param activityDates the lead's activities the caller reads (the rules' engagement)
     * @param stored        its activities as the organisation's outcome store has them (the model's features)
     */
    static Map<String, Object> score(JsonNode lead, LeadScoring.Baseline baseline, List<LocalDate> activityDates, LeadModel model,
            OutcomeStore.ActivityFacts stored) {
        LocalDate today = RecordFacts.today();
        LeadScoring.Factors factors = LeadScoring.factors(lead, baseline, activityDates, today);
        int score = factors.score();
        List<Fitting.Factor> learnt = List.of();
        if (model.fitted()) {
            LeadModel.Facts facts = facts(lead, stored, today);
            score = (int) Math.round(100 * model.probability(facts));
            learnt = model.factors(facts);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("leadId", lead.path("Id").asText());
        out.put("score", score);
        out.put("summary", LeadScoring.summary(score, factors));
        out.put("recommendedAction", LeadScoring.recommendedAction(score, factors));
        out.put("factors", Map.of("completeness", factors.completeness(), "companyQuality", factors.companyQuality(),
                "engagement", factors.engagement()));
        out.put("topPositiveFactors", learnt.stream().filter(f -> f.impact() > 0).limit(3).toList());
        out.put("topNegativeFactors", learnt.stream().filter(f -> f.impact() < 0).limit(3).toList());
        out.put("model", model.fitted() ? "lead model v" + model.version() + ": the chance of conversion, learnt from "
                + model.sampleSize() + " converted or unqualified leads"
                : "rules (no lead model trained yet: it needs " + LeadModel.MIN_HISTORY + " converted or unqualified leads)");
        out.put("modelVersion", model.fitted() ? model.version() : null);
        out.put("engine", Engine.BUILTIN);
        return out;
    }

    /** An open lead's features, as the model was fitted on them (ModelTrainer.leadOutcomes). */
    static LeadModel.Facts facts(JsonNode lead, OutcomeStore.ActivityFacts stored, LocalDate today) {
        long sinceLast = OutcomeStore.ActivityFacts.daysSince(stored.last(), today);
        return new LeadModel.Facts(LeadScoring.completeness(lead), lead.path("AnnualRevenue").asDouble(0),
                lead.path("NumberOfEmployees").asDouble(0), stored.activities(), sinceLast,
                Math.max(0, ChronoUnit.DAYS.between(RecordFacts.date(lead.path("CreatedDate")), today)),
                lead.path("Industry").asText(null), lead.path("Source").asText(null));
    }
}
