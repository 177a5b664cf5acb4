package com.hotcrm.ai.crm;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** records-service's internal write-back of computed fields, with the caller's own token (their edit rights). */
@RegisterRestClient(configKey = "records")
@Path("/internal/records")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface RecordsApi {

    @PATCH
    @Path("/{object}/{id}")
    Uni<JsonNode> writeComputed(@HeaderParam("Authorization") String authorization, @PathParam("object") String object,
            @PathParam("id") String id, JsonNode body);
}
