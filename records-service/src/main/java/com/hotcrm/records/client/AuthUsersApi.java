package com.hotcrm.records.client;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** auth-service's internal list of every user, as the CRM's User fields (never routed by the gateway). */
@RegisterRestClient(configKey = "auth")
@Path("/internal/users")
@Produces(MediaType.APPLICATION_JSON)
interface AuthUsersApi {

    @GET
    Uni<List<Map<String, Object>>> all();
}
