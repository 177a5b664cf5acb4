package com.hotcrm.ai.service;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.model.LeadScoring;
import com.hotcrm.ai.model.TextSignals;
import com.hotcrm.ai.model.WinModel;

import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;

/**
 * What the built-in models learn from a user's closed deals: the lead-score baseline (won deals' industries and
 * sizes) and the fitted win model. Each is kept per user in a Quarkus cache ({@code lead-baseline},
 * {@code win-model}; HOTCRM_AI_MODEL_CACHE_TTL, 10 minutes), so the models follow the data without refitting
 * on every call; a failed fit is not kept. Per user, because each reads only the records that user can read.
 */
@ApplicationScoped
public class OutcomeModels {

    static final int HISTORY = 2000;

    /**
     * The win model with what the rules compare against, and each account's won deals in the history (an open deal's
     * "prior wins" feature, as the model was fitted on it).
     */
    record Win(WinModel model, long medianWonCycleDays, Map<String, Integer> winsByAccount) {

        int priorWins(String accountId) {
            return accountId == null ? 0 : winsByAccount.getOrDefault(accountId, 0);
        }
    }

    /** The newest outcomes first: the history a model learns from is the most recent {@value #HISTORY}. */
    static final String NEWEST_CLOSED = "-CloseDate";

    private final CrmData crm;

    OutcomeModels(CrmData crm) {
        this.crm = crm;
    }

    @CacheResult(cacheName = "lead-baseline")
    public Uni<LeadScoring.Baseline> leadBaseline(@CacheKey String userId, String auth) {
        return crm.all(auth, crm.query("Opportunity",
                List.of("Account.Industry", "Account.AnnualRevenue", "Account.NumberOfEmployees"),
                List.of(List.of("IsWon", "=", true)), NEWEST_CLOSED), HISTORY).map(won -> {
                    Map<String, Long> byIndustry = new HashMap<>();
                    List<Double> revenue = new ArrayList<>();
                    List<Double> employees = new ArrayList<>();
                    for (JsonNode opp : won) {
                        JsonNode account = opp.path("Account");
                        if (account.hasNonNull("Industry")) {
                            byIndustry.merge(account.get("Industry").asText(), 1L, Long::sum);
                        }
                        if (account.hasNonNull("AnnualRevenue")) {
                            revenue.add(account.get("AnnualRevenue").asDouble());
                        }
                        if (account.hasNonNull("NumberOfEmployees")) {
                            employees.add(account.get("NumberOfEmployees").asDouble());
                        }
                    }
                    return new LeadScoring.Baseline(byIndustry, RecordFacts.median(revenue), RecordFacts.median(employees), won.size());
                });
    }

    @CacheResult(cacheName = "win-model")
    public Uni<Win> win(@CacheKey String userId, String auth) {
        return Uni.combine().all()
                .unis(crm.all(auth, crm.query("Opportunity", List.of("Amount", "CreatedDate", "CloseDate", "AccountId",
                        "Competitor", "IsWon"), List.of(List.of("IsClosed", "=", true)), NEWEST_CLOSED), HISTORY),
                        crm.activities(auth, List.of(List.of("WhatId", "like", "opp\\_%"))))
                .asTuple().map(t -> fitWin(t.getItem1(), t.getItem2()));
    }

    static Win fitWin(List<JsonNode> closed, List<JsonNode> activities) {
        Map<String, List<JsonNode>> byOpp = new HashMap<>();
        for (JsonNode activity : activities) {
            byOpp.computeIfAbsent(activity.path("WhatId").asText(), k -> new ArrayList<>()).add(activity);
        }
        List<JsonNode> ordered = new ArrayList<>(closed);
        ordered.sort(Comparator.comparing(o -> o.path("CloseDate").asText("")));
        Map<String, Integer> winsByAccount = new HashMap<>();
        List<WinModel.Outcome> history = new ArrayList<>();
        List<Long> wonCycles = new ArrayList<>();
        for (JsonNode opp : ordered) {
            LocalDate created = RecordFacts.date(opp.path("CreatedDate"));
            LocalDate close = opp.hasNonNull("CloseDate") ? RecordFacts.date(opp.get("CloseDate")) : created;
            List<JsonNode> acts = byOpp.getOrDefault(opp.path("Id").asText(), List.of());
            long cycle = Math.max(0, ChronoUnit.DAYS.between(created, close));
            String account = opp.path("AccountId").asText(null);
            WinModel.Facts facts = new WinModel.Facts(opp.path("Amount").asDouble(0), cycle, acts.size(),
                    RecordFacts.sinceLast(acts, close), !TextSignals.competitors(RecordFacts.texts(acts), RecordFacts.competitorField(opp)).isEmpty()
                            || (opp.hasNonNull("Competitor") && !opp.get("Competitor").asText().isBlank()),
                    account == null ? 0 : winsByAccount.getOrDefault(account, 0));
            boolean won = opp.path("IsWon").asBoolean(false);
            history.add(new WinModel.Outcome(facts, won));
            if (won) {
                wonCycles.add(cycle);
                if (account != null) {
                    winsByAccount.merge(account, 1, Integer::sum);
                }
            }
        }
        return new Win(WinModel.fit(history), (long) RecordFacts.median(wonCycles.stream().map(Long::doubleValue).toList()),
                Map.copyOf(winsByAccount));
    }

}
