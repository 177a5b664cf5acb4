package com.hotcrm.ai.crm;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** query-service's POST /v1/query, called with the caller's own token so their permissions apply. */
@RegisterRestClient(configKey = "query")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface QueryApi {

    @POST
    @Path("/query")
    Uni<JsonNode> query(@HeaderParam("Authorization") String authorization, JsonNode body);
}
