package com.hotcrm.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

import com.hotcrm.sdk.model.Briefing;
import com.hotcrm.sdk.model.CaseCategorization;
import com.hotcrm.sdk.model.KnowledgeAnswer;
import com.hotcrm.sdk.model.KnowledgeSearchResult;
import com.hotcrm.sdk.model.LeadScore;
import com.hotcrm.sdk.model.ProductRecommendation;
import com.hotcrm.sdk.model.Transcription;
import com.hotcrm.sdk.model.WinPrediction;

/**
 * The AI endpoints ({@code /ai/*}). Answers come from the caller's own CRM data, with the caller's permissions:
 * a record they cannot read is a {@code NOT_FOUND} here too. Each answer says which {@code engine} wrote it.
 */
public final class Ai {

    private final Transport transport;
    private final Knowledge knowledge;

    Ai(Transport transport) {
        this.transport = transport;
        this.knowledge = new Knowledge(transport);
    }

    /** {@code POST /ai/lead-score/{leadId}}. */
    public LeadScore leadScore(String leadId) {
        return Json.convert(transport.post("ai/lead-score/" + Transport.segment(leadId), null), LeadScore.class);
    }

    /** {@code POST /ai/win-prediction/{opportunityId}}. */
    public WinPrediction winPrediction(String opportunityId) {
        return Json.convert(transport.post("ai/win-prediction/" + Transport.segment(opportunityId), null),
                WinPrediction.class);
    }

    /** {@code POST /ai/briefing} of an account over the last 30 days, everything included. */
    public Briefing briefing(String accountId) {
        return briefing(BriefingRequest.forAccount(accountId));
    }

    /** {@code POST /ai/briefing}. */
    public Briefing briefing(BriefingRequest request) {
        return Json.convert(transport.post("ai/briefing", request), Briefing.class);
    }

    /** {@code POST /ai/transcribe}. */
    public Transcription transcribe(TranscribeRequest request) {
        return Json.convert(transport.post("ai/transcribe", request), Transcription.class);
    }

    /** {@code POST /ai/case-categorize}: type, priority and agent for a new case, and why. */
    public CaseCategorization caseCategorize(String subject, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", subject);
        if (description != null) {
            body.put("description", description);
        }
        return Json.convert(transport.post("ai/case-categorize", body), CaseCategorization.class);
    }

    /** {@code POST /ai/product-recommend}. */
    public ProductRecommendation productRecommend(ProductRecommendRequest request) {
        return Json.convert(transport.post("ai/product-recommend", request), ProductRecommendation.class);
    }

    /** Questions answered from, and search over, the published knowledge articles. */
    public Knowledge knowledge() {
        return knowledge;
    }

    /** Knowledge Q&A ({@code /ai/knowledge/ask}) and semantic search ({@code /ai/knowledge/search}). */
    public static final class Knowledge {

        private final Transport transport;

        Knowledge(Transport transport) {
            this.transport = transport;
        }

        public KnowledgeAnswer ask(String question) {
            return ask(question, null, null);
        }

        /** An answer from the knowledge base; {@code category} ({@code FAQ}...) and {@code maxResults} optional. */
        public KnowledgeAnswer ask(String question, String category, Integer maxResults) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("question", question);
            putIfSet(body, "category", category);
            putIfSet(body, "maxResults", maxResults);
            return Json.convert(transport.post("ai/knowledge/ask", body), KnowledgeAnswer.class);
        }

        public KnowledgeSearchResult search(String query) {
            return search(query, null, null);
        }

        /** The articles closest in meaning to {@code query}; {@code category} and {@code limit} optional. */
        public KnowledgeSearchResult search(String query, String category, Integer limit) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("query", query);
            putIfSet(body, "category", category);
            putIfSet(body, "limit", limit);
            return Json.convert(transport.post("ai/knowledge/search", body), KnowledgeSearchResult.class);
        }

        private static void putIfSet(Map<String, Object> body, String name, Object value) {
            if (value != null) {
                body.put(name, value);
            }
        }
    }
}
