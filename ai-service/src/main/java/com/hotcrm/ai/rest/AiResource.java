package com.hotcrm.ai.rest;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.ai.service.Insights;
import com.hotcrm.platform.security.Caller;

import io.smallrye.mutiny.Uni;

/** The seed's AI endpoints answered by the built-in models, from what the caller may read. */
@Path("/v1/ai")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AiResource {

    private final Insights insights;
    private final JsonWebToken jwt;

    AiResource(Insights insights, JsonWebToken jwt) {
        this.insights = insights;
        this.jwt = jwt;
    }

    @POST
    @Path("lead-score/{leadId}")
    public Uni<Map<String, Object>> leadScore(@PathParam("leadId") String leadId) {
        return insights.leadScore(bearer(), Caller.of(jwt).userId(), leadId);
    }

    @POST
    @Path("win-prediction/{opportunityId}")
    public Uni<Map<String, Object>> winPrediction(@PathParam("opportunityId") String opportunityId) {
        return insights.winPrediction(bearer(), Caller.of(jwt).userId(), opportunityId);
    }

    @POST
    @Path("briefing")
    public Uni<Map<String, Object>> briefing(JsonNode body) {
        return insights.briefing(bearer(), Caller.of(jwt).userId(), body);
    }

    /** The caller's own token, so query-service applies their permissions to every read. */
    private String bearer() {
        return "Bearer " + jwt.getRawToken();
    }
}
