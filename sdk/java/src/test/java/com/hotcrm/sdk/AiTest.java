package com.hotcrm.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.sdk.FakeApi.Response;

/** Every AI endpoint: its path, its body, and its answer as a typed value (the reference's examples). */
class AiTest extends FakeApiClientTest {

    JsonNode lastBody() {
        var requests = api.requests();
        return requests.get(requests.size() - 1).json();
    }

    @Test
    void leadScoreAndWinPredictionArePostsWithoutABody() {
        api.on("POST", "/ai/lead-score/lead_123", request -> Response.ok("""
                {"leadId": "lead_123", "score": 85, "summary": "High quality lead: Large company, complete profile",
                 "recommendedAction": "Contact immediately, schedule product demo",
                 "factors": {"completeness": 90, "companyQuality": 85, "engagement": 80}, "engine": "builtin"}"""));
        api.on("POST", "/ai/win-prediction/opp_456", request -> Response.ok("""
                {"opportunityId": "opp_456", "winProbability": 75,
                 "riskFactors": ["Competitor presence detected", "Long sales cycle (120 days)"],
                 "nextStepSuggestion": "Schedule executive meeting to address pricing concerns",
                 "competitiveIntel": "Customer is also evaluating Salesforce.", "confidence": 85,
                 "model": "logistic regression", "engine": "builtin"}"""));

        var score = client.ai().leadScore("lead_123");
        var prediction = client.ai().winPrediction("opp_456");

        assertEquals(85, score.score());
        assertEquals(85, score.factors().companyQuality());
        assertEquals("builtin", score.engine());
        assertEquals(75, prediction.winProbability());
        assertEquals(List.of("Competitor presence detected", "Long sales cycle (120 days)"), prediction.riskFactors());
        assertEquals("", api.requests().get(0).body());
        assertNull(api.requests().get(0).header("Content-Type"));
    }

    @Test
    void briefingSendsTheSeedsBody() {
        api.on("POST", "/ai/briefing", request -> Response.ok("""
                {"summary": "Acme Corporation (Technology, $5M revenue) has 3 active opportunities totaling $450K.",
                 "keyInsights": ["2 open support cases"], "recommendedActions": ["Send proposal"],
                 "riskFactors": ["Contract renewal in 60 days"], "engine": "builtin"}"""));

        var briefing = client.ai().briefing(BriefingRequest.forAccount("acc_123").includeOpportunities(true)
                .includeCases(true).includeActivities(true).timeRange("last_30_days"));

        assertEquals(RecordsTest.json("""
                {"accountId": "acc_123", "includeOpportunities": true, "includeCases": true, "includeActivities": true,
                 "timeRange": "last_30_days"}"""), lastBody());
        assertEquals(List.of("Contract renewal in 60 days"), briefing.riskFactors());
        client.ai().briefing("acc_9");
        assertEquals(RecordsTest.json("{\"accountId\":\"acc_9\"}"), lastBody());
    }

    @Test
    void transcribeCategorizeAndRecommend() {
        api.on("POST", "/ai/transcribe", request -> Response.ok("""
                {"transcription": "[00:00] John: Thanks for joining...", "summary": "Customer asked for 10% off",
                 "actionItems": ["John: Follow up tomorrow"], "sentiment": "Positive", "duration": 345,
                 "speakers": [{"id": 1, "name": "John"}, {"id": 2, "name": "Sarah"}], "engine": "builtin"}"""));
        api.on("POST", "/ai/case-categorize", request -> Response.ok("""
                {"suggestedType": "Incident", "suggestedPriority": "Critical", "suggestedAgent": "user_789",
                 "routingReason": "Agent has system expertise", "confidence": 90, "model": "knn", "engine": "builtin"}"""));
        api.on("POST", "/ai/product-recommend", request -> Response.ok("""
                {"bundle": [{"productId": "prod_101", "name": "HotCRM Enterprise", "reason": "Upgrade", "price": 30000}],
                 "totalPrice": 30000.50, "crossSell": [], "engine": "builtin"}"""));

        var call = client.ai().transcribe(TranscribeRequest.transcript("[00:00] John: Thanks for joining...")
                .language("en").speakers(2));
        assertEquals(RecordsTest.json("{\"transcript\":\"[00:00] John: Thanks for joining...\",\"language\":\"en\","
                + "\"speakers\":2}"), lastBody());
        assertEquals("Sarah", call.speakers().get(1).name());
        assertEquals(345, call.duration());

        var routed = client.ai().caseCategorize("System not responding after update", "Critical issue");
        assertEquals(RecordsTest.json("{\"subject\":\"System not responding after update\",\"description\":\"Critical issue\"}"),
                lastBody());
        assertEquals("Critical", routed.suggestedPriority());

        var bundle = client.ai().productRecommend(ProductRecommendRequest.forAccount("acc_123").budget(50000)
                .existingProducts("prod_001").industry("Technology"));
        assertEquals(RecordsTest.json("{\"accountId\":\"acc_123\",\"budget\":50000,\"existingProducts\":[\"prod_001\"],"
                + "\"industry\":\"Technology\"}"), lastBody());
        assertEquals(new BigDecimal("30000.50"), bundle.totalPrice());
        assertEquals("prod_101", bundle.bundle().get(0).productId());
    }

    @Test
    void knowledgeAskAndSearch() {
        api.on("POST", "/ai/knowledge/ask", request -> Response.ok("""
                {"answer": "To reset your password: ...", "sources": [{"id": "kb_001", "title": "Password Reset Guide",
                 "relevance": 0.95, "url": "/knowledge/kb_001"}], "confidence": 92, "engine": "builtin"}"""));
        api.on("POST", "/ai/knowledge/search", request -> Response.ok("""
                {"results": [{"id": "kb_045", "title": "Email Notification Settings", "summary": "Configure...",
                 "relevance": 0.89, "category": "Product Guide"}], "engine": "builtin"}"""));

        var answer = client.ai().knowledge().ask("How do I reset my password?", "FAQ", 5);
        assertEquals(RecordsTest.json("{\"question\":\"How do I reset my password?\",\"category\":\"FAQ\",\"maxResults\":5}"),
                lastBody());
        assertEquals(0.95, answer.sources().get(0).relevance());
        var found = client.ai().knowledge().search("configure email notifications");
        assertEquals(RecordsTest.json("{\"query\":\"configure email notifications\"}"), lastBody());
        assertEquals("Product Guide", found.results().get(0).category());
    }
}
