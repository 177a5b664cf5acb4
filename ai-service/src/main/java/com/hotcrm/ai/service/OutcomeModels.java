package com.hotcrm.ai.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.ai.crm.CrmChange;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.model.LeadScoring;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;

/**
 * What lead scoring learns from a user's won deals: the baseline of their industries and sizes, kept per user in a
 * Quarkus cache ({@code lead-baseline}; HOTCRM_AI_MODEL_CACHE_TTL, 10 minutes, and dropped by a change of a won deal
 * or of an account's industry or size), so it follows the data without rereading on every call; a failed read is not
 * kept. Per user, because it reads only the records that user can
 * read. (The win model is org-wide and trained in the background: {@link com.hotcrm.ai.outcome.ModelTrainer}.)
 */
@ApplicationScoped
public class OutcomeModels {

    /** The newest outcomes first: the rules' baseline is the most recent page (200) of won deals the caller reads. */
    static final String NEWEST_CLOSED = "-CloseDate";

    /** What a change can alter in a baseline: a deal's outcome, its account's industry and size, who reads them. */
    static final List<String> DEAL_FIELDS = List.of("IsWon", "Stage", "IsClosed", "AccountId", "CloseDate", "OwnerId");
    static final List<String> ACCOUNT_FIELDS = List.of("Industry", "AnnualRevenue", "NumberOfEmployees", "OwnerId");

    private final CrmData crm;
    private final Cache baselines;

    OutcomeModels(CrmData crm, @CacheName("lead-baseline") Cache baselines) {
        this.crm = crm;
        this.baselines = baselines;
    }

    /**
     * A deal won or unwon, or an account's industry or size changed: every user's baseline may have changed, and is
     * read again on its next use (on every replica: the change comes from each replica's own feed).
     */
    void changed(@Observes CrmChange change) {
        boolean stale = ("Opportunity".equals(change.object()) && change.touches(DEAL_FIELDS))
                || ("Account".equals(change.object()) && change.touches(ACCOUNT_FIELDS));
        if (stale) {
            baselines.invalidateAll().subscribe().with(done -> {
            }, failure -> {
            });
        }
    }

    @CacheResult(cacheName = "lead-baseline")
    public Uni<LeadScoring.Baseline> leadBaseline(@CacheKey String userId, String auth) {
        return crm.firstPage(auth, crm.query("Opportunity",
                List.of("Account.Industry", "Account.AnnualRevenue", "Account.NumberOfEmployees"),
                List.of(List.of("IsWon", "=", true)), NEWEST_CLOSED)).map(won -> {
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
}
