package com.hotcrm.ai.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class LeadScoringTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
    static final LeadScoring.Baseline WON = new LeadScoring.Baseline(Map.of("Technology", 8L, "Retail", 2L), 10_000_000, 200, 10);

    static JsonNode lead(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void aCompleteLeadFromTheBestIndustryAtWonSizeAndRecentlyEngagedScoresHigh() throws Exception {
        JsonNode lead = lead("""
                {"FirstName":"Ada","LastName":"Lovelace","Email":"ada@x.com","Phone":"1","Company":"X","Title":"CTO",
                 "Industry":"Technology","AnnualRevenue":20000000,"NumberOfEmployees":500,"Website":"https://x.com"}""");
        LeadScoring.Factors f = LeadScoring.factors(lead, WON, List.of(TODAY.minusDays(2), TODAY.minusDays(10),
                TODAY.minusDays(20), TODAY.minusDays(60)), TODAY);
        assertEquals(100, f.completeness());
        assertEquals(100, f.companyQuality());
        assertEquals(100, f.engagement());
        assertEquals(100, f.score());
        assertTrue(LeadScoring.summary(f).startsWith("High quality lead"));
        assertEquals("Contact immediately, schedule product demo", LeadScoring.recommendedAction(f));
    }

    @Test
    void eachFactorFollowsItsDocumentedRule() throws Exception {
        JsonNode lead = lead("""
                {"LastName":"Small","Company":"Tiny Shop","Industry":"Retail","AnnualRevenue":2500000}""");
        LeadScoring.Factors f = LeadScoring.factors(lead, WON, List.of(TODAY.minusDays(45)), TODAY);
        assertEquals(40, f.completeness(), "4 of 10 key fields: LastName, Company, Industry, AnnualRevenue");
        // industry 2/8 of the best = 25; size sqrt(2.5M / 10M) = 50 -> (25 + 50) / 2
        assertEquals(38, f.companyQuality());
        assertEquals(10, f.engagement(), "one activity 31-90 days ago");
        assertEquals(Math.round(0.3 * 40 + 0.4 * 38 + 0.3 * 10), f.score());
        assertTrue(LeadScoring.summary(f).startsWith("Low priority lead"));
    }

    @Test
    void withoutWonDealsCompanyQualityIsNeutral() throws Exception {
        LeadScoring.Baseline none = new LeadScoring.Baseline(Map.of(), 0, 0, 0);
        assertEquals(50, LeadScoring.factors(lead("{\"Industry\":\"Retail\",\"AnnualRevenue\":5}"), none, List.of(), TODAY)
                .companyQuality());
    }
}
