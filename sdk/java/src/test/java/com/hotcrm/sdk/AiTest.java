package com.hotcrm.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
        assertEquals(Map.of(), api.requests().get(0).query());
        assertEquals(Map.of(), api.requests().get(1).query());
    }

    @Test
    void winPredictionParsesTheLearntFactorsAndSendsWriteBack() {
        api.on("POST", "/ai/win-prediction/opp_456", request -> Response.ok("""
                {"opportunityId": "opp_456", "winProbability": 62, "riskFactors": [],
                 "nextStepSuggestion": "Send the proposal", "competitiveIntel": "No competitor mentioned", "confidence": 71,
                 "topPositiveFactors": [{"feature": "stage", "value": "Negotiation", "impact": 1.25},
                                        {"feature": "activities", "value": 14, "impact": 0.4}],
                 "topNegativeFactors": [{"feature": "accountWins", "value": null, "impact": -0.31}],
                 "model": "win model v3: logistic regression on 812 closed opportunities", "modelVersion": 3,
                 "engine": "builtin", "writtenBack": false}"""));

        var prediction = client.ai().winPrediction("opp_456", false);

        var request = api.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/v1/ai/win-prediction/opp_456", request.path());
        assertEquals(Map.of("writeBack", "false"), request.query());
        assertEquals("", request.body());
        assertEquals(62, prediction.winProbability());
        assertEquals(2, prediction.topPositiveFactors().size());
        assertEquals("stage", prediction.topPositiveFactors().get(0).feature());
        assertEquals("Negotiation", prediction.topPositiveFactors().get(0).value());
        assertEquals(1.25, prediction.topPositiveFactors().get(0).impact());
        assertEquals(14, ((Number) prediction.topPositiveFactors().get(1).value()).intValue());
        assertNull(prediction.topNegativeFactors().get(0).value());
        assertEquals(-0.31, prediction.topNegativeFactors().get(0).impact());
        assertEquals(3, prediction.modelVersion());
        assertFalse(prediction.writtenBack());

        client.ai().winPrediction("opp_456", true);
        assertEquals(Map.of("writeBack", "true"), api.requests().get(1).query());
    }

    @Test
    void leadScoreParsesTheLearntFactorsAndSendsWriteBack() {
        api.on("POST", "/ai/lead-score/lead_123", request -> Response.ok("""
                {"leadId": "lead_123", "score": 64, "summary": "Promising", "recommendedAction": "Call this week",
                 "factors": {"completeness": 90, "companyQuality": 50, "engagement": 30},
                 "topPositiveFactors": [{"feature": "completeness", "value": 0.9, "impact": 0.8}],
                 "topNegativeFactors": [{"feature": "daysSinceActivity", "value": 45, "impact": -0.5}],
                 "model": "lead model v2", "modelVersion": 2, "engine": "builtin", "writtenBack": true}"""));

        var score = client.ai().leadScore("lead_123", true);

        assertEquals(Map.of("writeBack", "true"), api.requests().get(0).query());
        assertEquals("completeness", score.topPositiveFactors().get(0).feature());
        assertEquals(-0.5, score.topNegativeFactors().get(0).impact());
        assertEquals("lead model v2", score.model());
        assertEquals(2, score.modelVersion());
        assertTrue(score.writtenBack());
        assertEquals(30, score.factors().engagement());
    }

    @Test
    void modelsListTheVersionsAndTheirAccuracy() {
        api.on("GET", "/ai/models", request -> Response.ok("""
                {"models": [
                  {"name": "lead", "version": 1, "trainedAt": "2026-03-01T10:00:00Z", "rows": 60,
                   "metrics": {"rows": 12, "heldOut": true, "auc": 0.71, "accuracy": 0.66, "brier": 0.21, "trainRows": 48},
                   "baseline": {"rows": 12, "auc": 0.5, "name": "overall conversion rate"},
                   "current": true, "live": {"resolved": 0}},
                  {"name": "win", "version": 2, "trainedAt": "2026-03-02T10:00:00.123456Z", "rows": 400,
                   "metrics": {"rows": 80, "heldOut": true, "auc": 0.82, "accuracy": 0.76, "brier": 0.17,
                               "calibration": [{"band": "0-20%", "rows": 10, "predicted": 0.12, "observed": 0.1}],
                               "trainRows": 320},
                   "baseline": {"rows": 80, "auc": 0.7, "name": "stage prior"}, "current": true,
                   "live": {"resolved": 25, "auc": 0.8, "accuracy": 0.72, "brier": 0.18}},
                  {"name": "win", "version": 1, "trainedAt": "2026-02-01T10:00:00Z", "rows": 200,
                   "metrics": {"rows": 40, "auc": 0.78}, "baseline": {"rows": 40, "auc": 0.69}, "current": false,
                   "live": {"resolved": 30, "auc": 0.75, "accuracy": 0.7, "brier": 0.2}}],
                 "accuracy": {
                  "lead": {"resolved": 0, "byMonth": []},
                  "win": {"resolved": 55, "auc": 0.77, "accuracy": 0.71, "brier": 0.19,
                          "byMonth": [{"month": "2026-02", "resolved": 30, "auc": 0.75, "accuracy": 0.7, "brier": 0.2},
                                      {"month": "2026-03", "resolved": 25, "auc": 0.8, "accuracy": 0.72, "brier": 0.18}]}}}"""));

        var models = client.ai().models().list();

        var request = api.requests().get(0);
        assertEquals("GET", request.method());
        assertEquals("/v1/ai/models", request.path());
        assertEquals(Map.of(), request.query());
        assertEquals(3, models.models().size());
        var win = models.current("win").orElseThrow();
        assertEquals(2, win.version());
        assertEquals(Instant.parse("2026-03-02T10:00:00.123456Z"), win.trainedAt());
        assertEquals(400, win.rows());
        assertEquals(0.82, win.metric("auc"));
        assertEquals(320.0, win.metric("trainRows"));
        assertEquals(0.7, win.baselineMetric("auc"));
        assertEquals("stage prior", win.baseline().get("name"));
        assertEquals(List.of(Map.of("band", "0-20%", "rows", 10, "predicted", new BigDecimal("0.12"),
                "observed", new BigDecimal("0.1"))), win.metrics().get("calibration"));
        assertEquals(25, win.live().resolved());
        assertEquals(0.8, win.live().auc());
        assertFalse(models.models().get(2).current());
        assertEquals(0, models.current("lead").orElseThrow().live().resolved());
        assertNull(models.current("lead").orElseThrow().live().auc());
        assertTrue(models.current("recommend").isEmpty());
        var accuracy = models.accuracy().get("win");
        assertEquals(55, accuracy.resolved());
        assertEquals(0.19, accuracy.brier());
        assertEquals("2026-03", accuracy.byMonth().get(1).month());
        assertEquals(0.8, accuracy.byMonth().get(1).auc());
        assertEquals(List.of(), models.accuracy().get("lead").byMonth());
    }

    @Test
    void trainAModelNowOrHearWhyNot() {
        api.on("POST", "/ai/models/win/train", request -> Response.ok("""
                {"name": "win", "version": 4, "trainedAt": "2026-03-05T08:00:00Z", "rows": 450,
                 "metrics": {"rows": 90, "heldOut": true, "auc": 0.84, "trainRows": 360},
                 "baseline": {"rows": 90, "auc": 0.7, "name": "stage prior"}, "trained": true}"""));
        api.on("POST", "/ai/models/lead/train", request -> Response.ok("""
                {"name": "lead", "trained": false,
                 "reason": "A lead model needs at least 40 converted or unqualified leads, 10 of each; there are 12"}"""));

        var trained = client.ai().models().train("win");
        var request = api.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/v1/ai/models/win/train", request.path());
        assertEquals(Map.of(), request.query());
        assertEquals("", request.body());
        assertTrue(trained.trained());
        assertEquals(4, trained.version());
        assertEquals(Instant.parse("2026-03-05T08:00:00Z"), trained.trainedAt());
        assertEquals(new BigDecimal("0.84"), trained.metrics().get("auc"));
        assertNull(trained.reason());

        var refused = client.ai().models().train("lead");
        assertEquals("/v1/ai/models/lead/train", api.requests().get(1).path());
        assertFalse(refused.trained());
        assertEquals("lead", refused.name());
        assertTrue(refused.reason().startsWith("A lead model needs at least 40"));
        assertNull(refused.version());
    }

    @Test
    void backfillStartsAndReportsItsStatus() {
        api.on("POST", "/ai/models/backfill", request -> Response.json(202, """
                {"state": "running", "startedAt": "2026-03-05T08:00:00.5Z", "finishedAt": null,
                 "stored": {"Account": 0, "Opportunity": 0, "OpportunityLineItem": 0, "Activity": 0, "Lead": 0, "Case": 0}}"""));
        api.on("GET", "/ai/models/backfill", request -> Response.ok("""
                {"state": "failed", "startedAt": "2026-03-05T08:00:00.5Z", "finishedAt": "2026-03-05T08:02:10Z",
                 "stored": {"Account": 1200, "Opportunity": 5400, "pages": 34, "skipped": 2},
                 "error": "query-service unavailable"}"""));

        var started = client.ai().models().backfill();
        var request = api.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/v1/ai/models/backfill", request.path());
        assertEquals(Map.of(), request.query());
        assertEquals("running", started.state());
        assertEquals(Instant.parse("2026-03-05T08:00:00.5Z"), started.startedAt());
        assertNull(started.finishedAt());
        assertEquals(0L, started.stored().get("Opportunity"));
        assertNull(started.error());

        var status = client.ai().models().backfillStatus();
        assertEquals("GET", api.requests().get(1).method());
        assertEquals("/v1/ai/models/backfill", api.requests().get(1).path());
        assertEquals("failed", status.state());
        assertEquals(Instant.parse("2026-03-05T08:02:10Z"), status.finishedAt());
        assertEquals(5400L, status.stored().get("Opportunity"));
        assertEquals(34L, status.stored().get("pages"));
        assertEquals("query-service unavailable", status.error());
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
        assertEquals("knn", routed.model());

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
