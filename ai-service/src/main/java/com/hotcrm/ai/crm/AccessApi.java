package com.hotcrm.ai.crm;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** records-service's access settings of an object (its sharing, each role's permissions), asked as the caller. */
@RegisterRestClient(configKey = "records")
@Path("/v1/metadata/permissions")
@Produces(MediaType.APPLICATION_JSON)
public interface AccessApi {

    @GET
    @Path("/{object}")
    Uni<JsonNode> permissions(@HeaderParam("Authorization") String authorization, @PathParam("object") String object);
}
