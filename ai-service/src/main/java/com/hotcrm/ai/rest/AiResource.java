package com.hotcrm.ai.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.ai.model.Transcripts;
import com.hotcrm.ai.service.CaseRouting;
import com.hotcrm.ai.service.Insights;
import com.hotcrm.ai.service.Recommendations;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.security.Caller;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * The seed's AI endpoints answered by the built-in models, from what the caller may read. Lead score and
 * win prediction take no body (any or none is accepted); the others take JSON.
 */
@Path("/v1/ai")
@Produces(MediaType.APPLICATION_JSON)
public class AiResource {

    private final Insights insights;
    private final CaseRouting cases;
    private final Recommendations recommendations;
    private final JsonWebToken jwt;

    private final MeterRegistry metrics;

    AiResource(Insights insights, CaseRouting cases, Recommendations recommendations, JsonWebToken jwt,
            MeterRegistry metrics) {
        this.metrics = metrics;
        this.insights = insights;
        this.cases = cases;
        this.recommendations = recommendations;
        this.jwt = jwt;
    }

    @POST
    @Path("lead-score/{leadId}")
    public Uni<Map<String, Object>> leadScore(@PathParam("leadId") String leadId) {
        return counted("lead-score", insights.leadScore(bearer(), Caller.of(jwt).userId(), leadId));
    }

    @POST
    @Path("win-prediction/{opportunityId}")
    public Uni<Map<String, Object>> winPrediction(@PathParam("opportunityId") String opportunityId) {
        return counted("win-prediction", insights.winPrediction(bearer(), Caller.of(jwt).userId(), opportunityId));
    }

    @POST
    @Path("briefing")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> briefing(JsonNode body) {
        return counted("briefing", insights.briefing(bearer(), Caller.of(jwt).userId(), body));
    }

    @POST
    @Path("case-categorize")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> categorize(JsonNode body) {
        return counted("case-categorize", cases.categorize(bearer(), body));
    }

    @POST
    @Path("product-recommend")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> recommend(JsonNode body) {
        return counted("product-recommend", recommendations.recommend(bearer(), body));
    }

    /**
     * From a transcript given as {@code transcript}; an {@code audioUrl} needs a speech-to-text endpoint, which
     * is not configured in this version: 503 saying so.
     */
    @POST
    @Path("transcribe")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> transcribe(JsonNode body) {
        if (body != null && body.path("transcript").isTextual() && !body.get("transcript").asText().isBlank()) {
            String transcript = body.get("transcript").asText();
            if (transcript.length() > 500_000) {
                throw CrmException.validation("transcript", "transcript is limited to 500,000 characters");
            }
            Transcripts.Analysis analysis = Transcripts.analyze(transcript);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("transcription", transcript);
            out.put("summary", analysis.summary());
            out.put("actionItems", analysis.actionItems());
            out.put("sentiment", analysis.sentiment());
            out.put("duration", analysis.duration());
            out.put("speakers", analysis.speakers());
            out.put("engine", Insights.ENGINE);
            count("transcribe", out);
            return out;
        }
        if (body != null && body.path("audioUrl").isTextual()) {
            throw new SpeechToTextMissing();
        }
        throw CrmException.validation("transcript", "Send the call as transcript (text), or audioUrl with a speech-to-text endpoint configured");
    }

    /** No speech-to-text endpoint: the client learns what to do instead. */
    public static final class SpeechToTextMissing extends RuntimeException {
        SpeechToTextMissing() {
            super("Audio transcription needs an OpenAI-compatible speech-to-text endpoint, which this deployment does not "
                    + "have; send the call's text as transcript instead", null, false, false);
        }
    }

    /** {@code hotcrm_ai_calls_total{endpoint, engine}}: answers given, by the engine that gave them. */
    private Uni<Map<String, Object>> counted(String endpoint, Uni<Map<String, Object>> answer) {
        return answer.invoke(out -> count(endpoint, out));
    }

    private void count(String endpoint, Map<String, Object> out) {
        metrics.counter("hotcrm.ai.calls", "endpoint", endpoint, "engine", String.valueOf(out.get("engine"))).increment();
    }

    /** The caller's own token, so query-service applies their permissions to every read. */
    private String bearer() {
        return "Bearer " + jwt.getRawToken();
    }
}
