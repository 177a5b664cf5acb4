package com.hotcrm.sdk;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.sdk.model.AiModels;
import com.hotcrm.sdk.model.BackfillStatus;
import com.hotcrm.sdk.model.Briefing;
import com.hotcrm.sdk.model.CaseCategorization;
import com.hotcrm.sdk.model.KnowledgeAnswer;
import com.hotcrm.sdk.model.KnowledgeSearchResult;
import com.hotcrm.sdk.model.LeadScore;
import com.hotcrm.sdk.model.ModelTraining;
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
    private final Models models;

    Ai(Transport transport) {
        this.transport = transport;
        this.knowledge = new Knowledge(transport);
        this.models = new Models(transport);
    }

    /**
     * {@code POST /ai/lead-score/{leadId}}: an open lead's score is stored on its {@code LeadScore} when the caller
     * may edit it ({@code writtenBack}).
     */
    public LeadScore leadScore(String leadId) {
        return Json.convert(scored("ai/lead-score/" + Transport.segment(leadId), null), LeadScore.class);
    }

    /**
     * {@code POST /ai/lead-score/{leadId}?writeBack=}: {@code false} scores without storing it on the lead;
     * {@code true} makes a refusal to store it the answer (403/404) instead of {@code writtenBack: false}.
     */
    public LeadScore leadScore(String leadId, boolean writeBack) {
        return Json.convert(scored("ai/lead-score/" + Transport.segment(leadId), writeBack), LeadScore.class);
    }

    /**
     * {@code POST /ai/win-prediction/{opportunityId}}: an open deal's prediction is stored on its AI fields when the
     * caller may edit it ({@code writtenBack}).
     */
    public WinPrediction winPrediction(String opportunityId) {
        return Json.convert(scored("ai/win-prediction/" + Transport.segment(opportunityId), null),
                WinPrediction.class);
    }

    /**
     * {@code POST /ai/win-prediction/{opportunityId}?writeBack=}: {@code false} predicts without storing it on the
     * deal; {@code true} makes a refusal to store it the answer (403/404) instead of {@code writtenBack: false}.
     */
    public WinPrediction winPrediction(String opportunityId, boolean writeBack) {
        return Json.convert(scored("ai/win-prediction/" + Transport.segment(opportunityId), writeBack),
                WinPrediction.class);
    }

    /** A POST without a body; {@code writeBack} null leaves the parameter out (the server's default). */
    private JsonNode scored(String path, Boolean writeBack) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("writeBack", writeBack);
        return transport.send("POST", path, query, null, true);
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

    /** The models learnt from the organisation's outcomes: their versions and accuracy, training, backfill. */
    public Models models() {
        return models;
    }

    /**
     * {@code /ai/models}: the learnt models ({@code win}, {@code lead}, {@code recommend}). Admins and sales managers
     * list them; only an admin trains one or backfills the outcome store.
     */
    public static final class Models {

        private final Transport transport;

        Models(Transport transport) {
            this.transport = transport;
        }

        /** {@code GET /ai/models}: every stored version with its held-out metrics, and the live accuracy. */
        public AiModels list() {
            return Json.convert(transport.get("ai/models", null), AiModels.class);
        }

        /**
         * {@code POST /ai/models/{name}/train}: trains {@code win}, {@code lead} or {@code recommend} now, from the
         * outcomes stored so far; {@code trained()} false and the {@code reason} when there are too few.
         */
        public ModelTraining train(String name) {
            return Json.convert(transport.post("ai/models/" + Transport.segment(name) + "/train", null),
                    ModelTraining.class);
        }

        /**
         * {@code POST /ai/models/backfill}: starts filling the outcome store from the records themselves, in the
         * background on the replica that gets the request (202); while one runs there, its status.
         */
        public BackfillStatus backfill() {
            return Json.convert(transport.post("ai/models/backfill", null), BackfillStatus.class);
        }

        /** {@code GET /ai/models/backfill}: how far the last backfill on that replica got. */
        public BackfillStatus backfillStatus() {
            return Json.convert(transport.get("ai/models/backfill", null), BackfillStatus.class);
        }
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
