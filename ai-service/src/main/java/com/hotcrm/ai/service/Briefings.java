package com.hotcrm.ai.service;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.rest.AiRequests;
import com.hotcrm.ai.llm.Narrator;
import com.hotcrm.ai.model.Engine;
import com.hotcrm.ai.model.WinModel;
import com.hotcrm.ai.outcome.ModelRegistry;
import com.hotcrm.ai.outcome.OutcomeStore;
import com.hotcrm.ai.model.TextSignals;

import io.smallrye.mutiny.Uni;

/** POST /v1/ai/briefing: an account's open deals (each with its win prediction), cases and recent activity. */
@ApplicationScoped
public class Briefings {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Briefings.class);

    private final CrmData crm;
    private final Narrator narrator;
    /** The open deals (the largest) that the briefing gives a win probability. */
    static final int PREDICTED = 5;

    private final ModelRegistry models;
    private final OutcomeStore outcomes;
    private final WinPredictions wins;
    private final PredictionHistory history;

    Briefings(CrmData crm, Narrator narrator, ModelRegistry models, OutcomeStore outcomes, WinPredictions wins,
            PredictionHistory history) {
        this.crm = crm;
        this.narrator = narrator;
        this.models = models;
        this.outcomes = outcomes;
        this.wins = wins;
        this.history = history;
    }

    public Uni<Map<String, Object>> briefing(String auth, String userId, AiRequests.Briefing body) {
        String accountId = body.accountId();
        boolean withOpportunities = !Boolean.FALSE.equals(body.includeOpportunities());
        boolean withCases = !Boolean.FALSE.equals(body.includeCases());
        boolean withActivities = !Boolean.FALSE.equals(body.includeActivities());
        int days = RecordFacts.days(body.timeRangeOrDefault());
        Uni<JsonNode> account = crm.one(auth, "Account", accountId,
                List.of("Name", "Industry", "AnnualRevenue", "Type", "CreatedDate", "Status"));
        return account.flatMap(acc -> Uni.combine().all().unis(
                withOpportunities ? crm.all(auth, crm.query("Opportunity", WinPredictions.OPP_FIELDS,
                        List.of(List.of("AccountId", "=", accountId), List.of("IsClosed", "=", false)), "-Amount"), 200)
                        : Uni.createFrom().item(List.<JsonNode>of()),
                withCases ? crm.all(auth, crm.query("Case", List.of("Subject", "Priority", "Status", "CreatedDate"),
                        List.of(List.of("AccountId", "=", accountId), List.of("Status", "!=", "Closed")), null), 200)
                        : Uni.createFrom().item(List.<JsonNode>of()),
                withActivities ? crm.activities(auth, List.of(List.of("WhatId", "=", accountId),
                        List.of("ActivityDate", "last_n_days", days)))
                        : Uni.createFrom().item(List.<JsonNode>of()),
                models.currentWin(), outcomes.account(accountId)).asTuple()
                .flatMap(t -> Uni.combine().all().unis(oppActivities(auth, t.getItem1(), days),
                        outcomes.dealActivities(t.getItem1().stream().limit(PREDICTED).map(o -> o.path("Id").asText()).toList(),
                                RecordFacts.today())).asTuple().map(more -> {
                    List<JsonNode> acts = new ArrayList<>(t.getItem3());
                    if (withActivities) {
                        acts.addAll(more.getItem1());
                    }
                    List<PredictionHistory.Kept> predicted = new ArrayList<>();
                    Map<String, Object> out = brief(acc, t.getItem1(), t.getItem2(), acts, t.getItem4(), t.getItem5(),
                            more.getItem2(), days, predicted);
                    return Map.entry(out, predicted);
                }))
                // the win predictions it quotes join the history like any other (not written back: a briefing only reads)
                .flatMap(briefed -> history.record(userId, briefed.getValue())
                        // the briefing is the answer: a history that cannot be written is logged, not a failed briefing
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("A briefing's predictions were not kept: %s", failure.toString());
                            return null;
                        })
                        .replaceWith(briefed.getKey()))
                .flatMap(out -> narrator.rewrite(out, Map.of("account", acc), "Write this account briefing for the "
                        + "account owner: a two-sentence summary, the key insights and the recommended actions, from the "
                        + "computed facts.", Map.of("summary", Narrator.Kind.TEXT, "keyInsights", Narrator.Kind.LIST,
                                "recommendedActions", Narrator.Kind.LIST))));
    }

    private Uni<List<JsonNode>> oppActivities(String auth, List<JsonNode> opps, int days) {
        if (opps.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = opps.stream().map(o -> o.path("Id").asText()).toList();
        return crm.activities(auth, List.of(List.of("WhatId", "in", ids), List.of("ActivityDate", "last_n_days", days)));
    }

    /** The briefing; the win predictions it makes are added to {@code predicted}. */
    Map<String, Object> brief(JsonNode account, List<JsonNode> opps, List<JsonNode> cases, List<JsonNode> activities,
            WinModel win, OutcomeStore.AccountFacts accountFacts, Map<String, OutcomeStore.ActivityFacts> stored, int days,
            List<PredictionHistory.Kept> predicted) {
        LocalDate today = RecordFacts.today();
        String name = account.path("Name").asText();
        BigDecimal pipeline = opps.stream().map(o -> o.path("Amount").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        long years = ChronoUnit.YEARS.between(RecordFacts.date(account.path("CreatedDate")), today);
        List<String> facts = new ArrayList<>();
        if (account.hasNonNull("Industry")) {
            facts.add(account.get("Industry").asText());
        }
        if (account.hasNonNull("AnnualRevenue")) {
            facts.add(RecordFacts.money(account.get("AnnualRevenue").decimalValue()) + " revenue");
        }
        String summary = name + (facts.isEmpty() ? "" : " (" + String.join(", ", facts) + ")") + " has been "
                + ("Customer".equals(account.path("Type").asText()) ? "a customer" : "in the CRM") + " for "
                + (years < 1 ? "less than a year" : years + (years == 1 ? " year" : " years")) + " with " + opps.size()
                + " active " + (opps.size() == 1 ? "opportunity" : "opportunities") + " totaling " + RecordFacts.money(pipeline) + ".";

        List<String> insights = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        List<String> risks = new ArrayList<>();
        Map<String, List<JsonNode>> actsByOpp = new HashMap<>();
        activities.forEach(a -> actsByOpp.computeIfAbsent(a.path("WhatId").asText(), k -> new ArrayList<>()).add(a));
        for (JsonNode opp : opps.stream().limit(PREDICTED).toList()) {
            List<JsonNode> oppActs = actsByOpp.getOrDefault(opp.path("Id").asText(), List.of());
            Map<String, Object> prediction = wins.predict(opp, win, oppActs, accountFacts, stored.get(opp.path("Id").asText()));
            predicted.add(new PredictionHistory.Kept(ModelRegistry.WIN, (Integer) prediction.get("modelVersion"), "Opportunity",
                    "opportunities", opp.path("Id").asText(), ((Integer) prediction.get("winProbability")) / 100.0, null));
            insights.add("Opportunity '" + opp.path("Name").asText() + "' (" + RecordFacts.money(opp.path("Amount").decimalValue())
                    + ") is in " + opp.path("Stage").asText() + " stage with " + prediction.get("winProbability") + "% win probability");
            if (List.of("Proposal", "Negotiation").contains(opp.path("Stage").asText())) {
                actions.add("Schedule follow-up on " + opp.path("Name").asText() + " pricing and terms");
            }
            if ("Renewal".equals(opp.path("Type").asText()) && opp.hasNonNull("CloseDate")) {
                long until = ChronoUnit.DAYS.between(today, RecordFacts.date(opp.get("CloseDate")));
                if (until >= 0 && until <= 90) {
                    risks.add("Contract renewal in " + until + " days");
                }
            }
            @SuppressWarnings("unchecked")
            List<String> oppRisks = (List<String>) prediction.get("riskFactors");
            oppRisks.stream().filter(r -> r.startsWith("Close date passed")).findFirst()
                    .ifPresent(r -> risks.add(opp.path("Name").asText() + ": " + r.toLowerCase()));
        }
        if (!cases.isEmpty()) {
            Map<String, Long> byPriority = new LinkedHashMap<>();
            for (String p : List.of("Critical", "High", "Medium", "Low")) {
                long n = cases.stream().filter(c -> p.equals(c.path("Priority").asText())).count();
                if (n > 0) {
                    byPriority.put(p, n);
                }
            }
            long oldest = cases.stream().mapToLong(c -> ChronoUnit.DAYS.between(RecordFacts.date(c.path("CreatedDate")), today)).max().orElse(0);
            insights.add(cases.size() + " open support " + (cases.size() == 1 ? "case" : "cases") + " ("
                    + String.join(", ", byPriority.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList())
                    + "), the oldest " + oldest + " days old");
            long urgent = byPriority.getOrDefault("Critical", 0L) + byPriority.getOrDefault("High", 0L);
            if (urgent > 0) {
                actions.add("Resolve the " + urgent + " critical or high priority " + (urgent == 1 ? "case" : "cases") + " first");
                risks.add(urgent + " high-priority support " + (urgent == 1 ? "case is" : "cases are") + " open");
            }
        }
        List<JsonNode> dated = activities.stream().filter(a -> a.hasNonNull("ActivityDate"))
                .sorted(Comparator.comparing(a -> a.path("ActivityDate").asText())).toList();
        if (!dated.isEmpty()) {
            JsonNode last = dated.get(dated.size() - 1);
            long ago = ChronoUnit.DAYS.between(RecordFacts.date(last.get("ActivityDate")), today);
            insights.add("Last " + last.path("Type").asText("activity").toLowerCase() + " was " + (ago == 0 ? "today" : ago + " days ago")
                    + " with " + RecordFacts.sentimentWord(RecordFacts.sentiment(last)) + " sentiment");
            if (ago > 14) {
                actions.add("Re-engage: no contact in " + ago + " days");
            }
            int trend = RecordFacts.trend(dated);
            if (trend < 0) {
                risks.add("Sentiment is declining over the last " + days + " days");
            } else if (trend > 0) {
                insights.add("Sentiment is improving over the last " + days + " days");
            }
        } else {
            actions.add("Schedule a check-in: no activity in the last " + days + " days");
        }
        Set<String> competitors = TextSignals.competitors(RecordFacts.texts(activities), Set.of());
        opps.stream().map(o -> o.path("Competitor").asText("")).filter(c -> !c.isBlank()).forEach(competitors::add);
        competitors.forEach(c -> risks.add("Competitor '" + c + "' mentioned"));
        if (actions.isEmpty()) {
            actions.add("Look for expansion: propose the next product tier or services");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("summary", summary);
        out.put("keyInsights", insights);
        out.put("recommendedActions", actions);
        out.put("riskFactors", risks);
        out.put("engine", Engine.BUILTIN);
        return out;
    }
}
