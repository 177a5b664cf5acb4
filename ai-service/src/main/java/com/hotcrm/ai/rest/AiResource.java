package com.hotcrm.ai.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.ai.llm.Narrator;
import com.hotcrm.ai.model.Engine;
import com.hotcrm.ai.model.Transcripts;
import com.hotcrm.ai.service.Briefings;
import com.hotcrm.ai.service.CaseRouting;
import com.hotcrm.ai.service.LeadScores;
import com.hotcrm.ai.service.Recommendations;
import com.hotcrm.ai.service.WinPredictions;
import com.hotcrm.ai.speech.SpeechToText;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorMappers;
import com.hotcrm.platform.security.Caller;

import io.smallrye.mutiny.Uni;

/**
 * The seed's AI endpoints answered by the built-in models, from what the caller may read. Lead score and
 * win prediction take no body (any or none is accepted); the others take JSON.
 */
@Path("/v1/ai")
@Produces(MediaType.APPLICATION_JSON)
public class AiResource {

    private final LeadScores leadScores;
    private final WinPredictions winPredictions;
    private final Briefings briefings;
    private final CaseRouting cases;
    private final Recommendations recommendations;
    private final JsonWebToken jwt;
    private final AiCalls calls;
    private final SpeechToText speech;
    private final Narrator narrator;

    AiResource(LeadScores leadScores, WinPredictions winPredictions, Briefings briefings, CaseRouting cases, Recommendations recommendations, JsonWebToken jwt,
            AiCalls calls, SpeechToText speech, Narrator narrator) {
        this.calls = calls;
        this.speech = speech;
        this.narrator = narrator;
        this.leadScores = leadScores;
        this.winPredictions = winPredictions;
        this.briefings = briefings;
        this.cases = cases;
        this.recommendations = recommendations;
        this.jwt = jwt;
    }

    @POST
    @Path("lead-score/{leadId}")
    public Uni<Map<String, Object>> leadScore(@PathParam("leadId") String leadId,
            @QueryParam("writeBack") Boolean writeBack) {
        return counted("lead-score", leadScores.leadScore(bearer(), Caller.of(jwt).userId(), leadId, writeBack));
    }

    @POST
    @Path("win-prediction/{opportunityId}")
    public Uni<Map<String, Object>> winPrediction(@PathParam("opportunityId") String opportunityId,
            @QueryParam("writeBack") Boolean writeBack) {
        return counted("win-prediction", winPredictions.winPrediction(bearer(), Caller.of(jwt).userId(), opportunityId,
                writeBack));
    }

    @POST
    @Path("briefing")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> briefing(@NotNull(message = ErrorMappers.NO_BODY) @Valid AiRequests.Briefing body) {
        return counted("briefing", briefings.briefing(bearer(), Caller.of(jwt).userId(), body));
    }

    @POST
    @Path("case-categorize")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> categorize(@NotNull(message = ErrorMappers.NO_BODY) @Valid AiRequests.CaseCategorize body) {
        return counted("case-categorize", cases.categorize(bearer(), body));
    }

    @POST
    @Path("product-recommend")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> recommend(@NotNull(message = ErrorMappers.NO_BODY) @Valid AiRequests.ProductRecommend body) {
        return counted("product-recommend", recommendations.recommend(bearer(), body));
    }

    /**
     * From the call's text ({@code transcript}), or from a recording ({@code audioUrl}) turned into text by the
     * configured speech-to-text endpoint. The analysis is {@link Transcripts}'; with an LLM configured it
     * writes the summary and action items from the transcript instead.
     */
    @POST
    @Path("transcribe")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> transcribe(@NotNull(message = ErrorMappers.NO_BODY) @Valid AiRequests.Transcribe body) {
        if (body.transcript() != null && !body.transcript().isBlank()) {
            return counted("transcribe", analyzed(body.transcript(), null, body.speakers()));
        }
        if (body.audioUrl() != null) {
            speech.checkForm(body.audioUrl());
            return counted("transcribe", speech.transcribe(body.audioUrl(), body.language())
                    .flatMap(heard -> analyzed(heard.text(), heard.durationSeconds(), body.speakers())));
        }
        throw CrmException.validation("transcript", "Send the call as transcript (text), or as audioUrl (a recording, "
                + "with a speech-to-text endpoint configured)");
    }

    private Uni<Map<String, Object>> analyzed(String transcript, Integer heardDuration, Integer speakerCount) {
        Transcripts.Analysis analysis = Transcripts.analyze(transcript);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("transcription", transcript);
        out.put("summary", analysis.summary());
        out.put("actionItems", analysis.actionItems());
        out.put("sentiment", analysis.sentiment());
        out.put("duration", heardDuration != null ? heardDuration : analysis.duration());
        List<Transcripts.Speaker> speakers = analysis.speakers();
        if (speakers.isEmpty() && speakerCount != null) {
            // the recognizer did not name them: as many as the caller said there were
            speakers = java.util.stream.IntStream.rangeClosed(1, speakerCount)
                    .mapToObj(i -> new Transcripts.Speaker(i, "Speaker " + i)).toList();
        }
        out.put("speakers", speakers);
        out.put("engine", Engine.BUILTIN);
        Map<String, Narrator.Kind> keys = Map.of("summary", Narrator.Kind.TEXT, "actionItems", Narrator.Kind.LIST);
        String actionItems = " list its action items as \"Owner: action\" (the owner is the speaker who committed to it).";
        if (!narrator.configured() || narrator.fitsOneCall(out)) {
            return narrator.rewrite(out, null, "Summarize this sales or support call (the transcription) in two or three "
                    + "sentences, and" + actionItems, keys);
        }
        // longer than one call takes: its parts summarised first, then the call from those summaries
        return narrator.summarizeParts(transcript, "Summarize this part of a sales or support call transcript: what was "
                + "said and decided, and every commitment with who made it.", part -> {
                    Transcripts.Analysis condensed = Transcripts.analyze(part);
                    return condensed.summary() + "\n" + String.join("\n", condensed.actionItems());
                })
                .flatMap(parts -> parts.isEmpty() ? Uni.createFrom().item(out)
                        : narrator.rewrite(out, Map.of("transcriptPartSummaries", parts), "Summarize this sales or support "
                                + "call in two or three sentences from the summaries of its parts, in order, and" + actionItems,
                                keys, java.util.Set.of("transcription")));
    }

    private Uni<Map<String, Object>> counted(String endpoint, Uni<Map<String, Object>> answer) {
        return calls.counted(endpoint, answer);
    }

    /** The caller's own token, so query-service applies their permissions to every read. */
    private String bearer() {
        return AiCalls.bearer(jwt);
    }
}
