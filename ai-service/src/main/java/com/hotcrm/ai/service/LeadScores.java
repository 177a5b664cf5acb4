package com.hotcrm.ai.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.llm.Narrator;
import com.hotcrm.ai.model.Engine;
import com.hotcrm.ai.model.LeadScoring;

import io.smallrye.mutiny.Uni;

/** POST /v1/ai/lead-score/{leadId}: the lead against the caller's won deals, its factors and the next action. */
@ApplicationScoped
public class LeadScores {

    private final CrmData crm;
    private final Narrator narrator;
    private final OutcomeModels models;

    LeadScores(CrmData crm, Narrator narrator, OutcomeModels models) {
        this.crm = crm;
        this.narrator = narrator;
        this.models = models;
    }

    /** The score, and with {@code writeBack} the lead's LeadScore set to it (the caller needs edit rights on it). */
    public Uni<Map<String, Object>> leadScore(String auth, String userId, String leadId, boolean writeBack) {
        Uni<Map<String, Object>> scored = leadScore(auth, userId, leadId);
        if (!writeBack) {
            return scored;
        }
        return scored.flatMap(out -> crm.writeBack(auth, "leads", leadId,
                JsonNodeFactory.instance.objectNode().put("LeadScore", (Integer) out.get("score")))
                .map(written -> {
                    out.put("writtenBack", true);
                    return out;
                }));
    }

    public Uni<Map<String, Object>> leadScore(String auth, String userId, String leadId) {
        List<String> fields = new ArrayList<>(LeadScoring.KEY_FIELDS);
        return crm.one(auth, "Lead", leadId, fields).flatMap(lead -> Uni.combine().all()
                .unis(models.leadBaseline(userId, auth), crm.all(auth, crm.query("Activity", List.of("ActivityDate", "CreatedDate"),
                        List.of(List.of("WhoId", "=", leadId)), null), 500))
                .asTuple().map(t -> {
                    List<LocalDate> dates = t.getItem2().stream().map(RecordFacts::activityDate).toList();
                    LeadScoring.Factors factors = LeadScoring.factors(lead, t.getItem1(), dates, RecordFacts.today());
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("leadId", leadId);
                    out.put("score", factors.score());
                    out.put("summary", LeadScoring.summary(factors));
                    out.put("recommendedAction", LeadScoring.recommendedAction(factors));
                    out.put("factors", Map.of("completeness", factors.completeness(), "companyQuality",
                            factors.companyQuality(), "engagement", factors.engagement()));
                    out.put("engine", Engine.BUILTIN);
                    return out;
                }).flatMap(out -> narrator.rewrite(out, Map.of("lead", lead), "Write a one-sentence summary of this lead's "
                        + "quality and the next action for the sales rep, from its score and factors.",
                        Map.of("summary", Narrator.Kind.TEXT, "recommendedAction", Narrator.Kind.TEXT))));
    }
}
