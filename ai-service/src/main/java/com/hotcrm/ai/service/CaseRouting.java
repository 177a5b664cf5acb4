package com.hotcrm.ai.service;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.knowledge.Embedder;
import com.hotcrm.ai.model.CaseClassifier;
import com.hotcrm.ai.model.Engine;
import com.hotcrm.ai.outcome.OutcomeStore;
import com.hotcrm.ai.rest.AiRequests;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * {@code POST /v1/ai/case-categorize}: type and priority from the organisation's closed cases (CaseClassifier, over
 * the newest {@value #HISTORY} in ai-service's outcome store, kept from the Case change events; their embeddings are
 * cached by text), and the support agent to route to: among active support agents (one page of users, as the caller
 * reads them), the one with the best sum of expertise (closed cases of that type, relative to the most experienced),
 * free capacity (fewest open cases) and satisfaction (average SatisfactionScore of their closed cases, out of 5).
 * One read per source: the cases, the agents, and the agents' counts.
 */
@ApplicationScoped
public class CaseRouting {

    static final int HISTORY = 2000;
    /** Active support agents considered: one page. */
    static final int AGENTS = 200;

    private final CrmData crm;
    private final Embedder embedder;
    private final OutcomeStore outcomes;

    CaseRouting(CrmData crm, Embedder embedder, OutcomeStore outcomes) {
        this.crm = crm;
        this.embedder = embedder;
        this.outcomes = outcomes;
    }

    public Uni<Map<String, Object>> categorize(String auth, AiRequests.CaseCategorize body) {
        String text = body.subject() + " " + (body.description() == null ? "" : body.description());
        return Uni.combine().all().unis(outcomes.closedCases(HISTORY),
                crm.page(auth, crm.query("User", List.of("Name"), List.of(List.of("Role", "=", "support_agent"),
                        List.of("IsActive", "=", true)), "Id").put("limit", AGENTS)))
                .asTuple()
                // embedding is CPU work: off the event loop
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(t -> {
                    CaseClassifier.Prediction prediction = CaseClassifier.fit(t.getItem1(), embedder::embedAllCached).predict(text);
                    List<JsonNode> agents = new java.util.ArrayList<>();
                    t.getItem2().path("records").forEach(agents::add);
                    return outcomes.agentLoads(agents.stream().map(a -> a.path("Id").asText()).toList(), prediction.type())
                            .map(loads -> route(prediction, agents, loads));
                });
    }

    static Map<String, Object> route(CaseClassifier.Prediction prediction, List<JsonNode> agents,
            Map<String, OutcomeStore.AgentLoad> loads) {
        OutcomeStore.AgentLoad none = new OutcomeStore.AgentLoad(0, 0, 0, 0);
        int maxExpertise = Math.max(1, loads.values().stream().mapToInt(OutcomeStore.AgentLoad::expertise).max().orElse(1));
        int maxOpen = Math.max(1, loads.values().stream().mapToInt(OutcomeStore.AgentLoad::open).max().orElse(1));
        JsonNode chosen = null;
        double best = -1;
        for (JsonNode agent : agents.stream().sorted(Comparator.comparing(a -> a.path("Id").asText())).toList()) {
            OutcomeStore.AgentLoad s = loads.getOrDefault(agent.path("Id").asText(), none);
            double csat = s.rated() == 0 ? 0.6 : s.satisfactionSum() / (5.0 * s.rated());
            double score = (double) s.expertise() / maxExpertise + (1 - (double) s.open() / maxOpen) + csat;
            if (score > best) {
                best = score;
                chosen = agent;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("suggestedType", prediction.type());
        out.put("suggestedPriority", prediction.priority());
        if (chosen == null) {
            out.put("suggestedAgent", null);
            out.put("routingReason", "No active support agent to route to");
        } else {
            OutcomeStore.AgentLoad s = loads.getOrDefault(chosen.path("Id").asText(), none);
            out.put("suggestedAgent", chosen.path("Id").asText());
            out.put("routingReason", chosen.path("Name").asText() + " has " + prediction.type() + " expertise (" + s.expertise()
                    + " closed), " + s.open() + " active " + (s.open() == 1 ? "case" : "cases")
                    + (s.rated() == 0 ? ", no satisfaction scores yet"
                            : ", " + Math.round(100.0 * s.satisfactionSum() / (5.0 * s.rated())) + "% CSAT"));
        }
        out.put("confidence", prediction.confidence());
        out.put("model", prediction.method());
        out.put("engine", Engine.BUILTIN);
        return out;
    }
}
