package com.hotcrm.ai.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.rest.AiRequests;
import com.hotcrm.ai.knowledge.Embedder;
import com.hotcrm.ai.model.CaseClassifier;
import com.hotcrm.ai.model.Engine;
import com.hotcrm.platform.error.CrmException;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * {@code POST /v1/ai/case-categorize}: type and priority from the closed cases (CaseClassifier), and the
 * support agent to route to: among active support agents, the one with the best sum of expertise (closed
 * cases of that type, relative to the most experienced), free capacity (fewest open cases) and
 * satisfaction (average SatisfactionScore of their closed cases, out of 5).
 */
@ApplicationScoped
public class CaseRouting {

    private final CrmData crm;
    private final Embedder embedder;

    CaseRouting(CrmData crm, Embedder embedder) {
        this.crm = crm;
        this.embedder = embedder;
    }

    public Uni<Map<String, Object>> categorize(String auth, AiRequests.CaseCategorize body) {
        String text = body.subject() + " " + (body.description() == null ? "" : body.description());
        return Uni.combine().all().unis(
                crm.all(auth, crm.query("Case", List.of("Subject", "Description", "Type", "Priority", "Status",
                        "AssignedToId", "SatisfactionScore"), List.of(), null), 2000),
                crm.all(auth, crm.query("User", List.of("Name"), List.of(List.of("Role", "=", "support_agent"),
                        List.of("IsActive", "=", true)), null), 500))
                .asTuple()
                // embedding is CPU work: off the event loop
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(t -> route(text, t.getItem1(), t.getItem2(), embedder::embedAllCached));
    }

    static Map<String, Object> route(String text, List<JsonNode> cases, List<JsonNode> agents,
            CaseClassifier.Embeddings embeddings) {
        List<CaseClassifier.Example> closed = new ArrayList<>();
        for (JsonNode c : cases) {
            if ("Closed".equals(c.path("Status").asText()) && c.hasNonNull("Type")) {
                closed.add(new CaseClassifier.Example(c.path("Subject").asText("") + " " + c.path("Description").asText(""),
                        c.get("Type").asText(), c.path("Priority").asText(null)));
            }
        }
        CaseClassifier.Prediction prediction = CaseClassifier.fit(closed, embeddings).predict(text);

        Map<String, int[]> stats = new HashMap<>(); // expertise, open, satisfaction sum, satisfaction count
        for (JsonNode c : cases) {
            String agent = c.path("AssignedToId").asText(null);
            if (agent == null) {
                continue;
            }
            int[] s = stats.computeIfAbsent(agent, k -> new int[4]);
            if ("Closed".equals(c.path("Status").asText())) {
                if (prediction.type().equals(c.path("Type").asText())) {
                    s[0]++;
                }
                if (c.hasNonNull("SatisfactionScore")) {
                    s[2] += c.get("SatisfactionScore").asInt();
                    s[3]++;
                }
            } else {
                s[1]++;
            }
        }
        int maxExpertise = Math.max(1, stats.values().stream().mapToInt(s -> s[0]).max().orElse(1));
        int maxOpen = Math.max(1, stats.values().stream().mapToInt(s -> s[1]).max().orElse(1));
        JsonNode chosen = null;
        double best = -1;
        for (JsonNode agent : agents.stream().sorted(Comparator.comparing(a -> a.path("Id").asText())).toList()) {
            int[] s = stats.getOrDefault(agent.path("Id").asText(), new int[4]);
            double csat = s[3] == 0 ? 0.6 : s[2] / (5.0 * s[3]);
            double score = (double) s[0] / maxExpertise + (1 - (double) s[1] / maxOpen) + csat;
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
            int[] s = stats.getOrDefault(chosen.path("Id").asText(), new int[4]);
            out.put("suggestedAgent", chosen.path("Id").asText());
            out.put("routingReason", chosen.path("Name").asText() + " has " + prediction.type() + " expertise (" + s[0]
                    + " closed), " + s[1] + " active " + (s[1] == 1 ? "case" : "cases")
                    + (s[3] == 0 ? ", no satisfaction scores yet" : ", " + Math.round(100.0 * s[2] / (5.0 * s[3])) + "% CSAT"));
        }
        out.put("confidence", prediction.confidence());
        out.put("model", prediction.method());
        out.put("engine", Engine.BUILTIN);
        return out;
    }
}
