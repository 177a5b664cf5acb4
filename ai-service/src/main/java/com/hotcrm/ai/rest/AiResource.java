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
import com.hotcrm.ai.service.CaseRouting;
import com.hotcrm.ai.service.Insights;
import com.hotcrm.ai.service.Recommendations;
import com.hotcrm.platform.security.Caller;

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

    AiResource(Insights insights, CaseRouting cases, Recommendations recommendations, JsonWebToken jwt) {
        this.insights = insights;
        this.cases = cases;
        this.recommendations = recommendations;
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
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> briefing(JsonNode body) {
        return insights.briefing(bearer(), Caller.of(jwt).userId(), body);
    }

    @POST
    @Path("case-categorize")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> categorize(JsonNode body) {
        return cases.categorize(bearer(), body);
    }

    @POST
    @Path("product-recommend")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> recommend(JsonNode body) {
        return recommendations.recommend(bearer(), body);
    }

    /** The caller's own token, so query-service applies their permissions to every read. */
    private String bearer() {
        return "Bearer " + jwt.getRawToken();
    }
}
