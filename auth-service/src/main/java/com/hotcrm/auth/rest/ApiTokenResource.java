package com.hotcrm.auth.rest;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.auth.service.ApiTokenService;
import com.hotcrm.platform.error.ErrorMappers;
import com.hotcrm.platform.security.Caller;

import io.smallrye.mutiny.Uni;

/** The caller's own API tokens (the seed's YOUR_API_TOKEN). */
@Path("/v1/auth/api-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiTokenResource {

    private final ApiTokenService tokens;
    private final JsonWebToken jwt;

    ApiTokenResource(ApiTokenService tokens, JsonWebToken jwt) {
        this.tokens = tokens;
        this.jwt = jwt;
    }

    /** 201 with the token's secret in {@code token}: the only time it is shown. */
    @POST
    public Uni<Response> create(@NotNull(message = ErrorMappers.NO_BODY) @Valid NewApiToken body) {
        return tokens.create(Caller.of(jwt), body)
                .map(created -> Response.status(201).entity(created).build());
    }

    /** {@code ?all=true}: everyone's (admins). */
    @GET
    public Uni<Map<String, Object>> list(@QueryParam("all") boolean all) {
        return tokens.list(Caller.of(jwt), all).map(records -> Map.of("records", records));
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return tokens.revoke(Caller.of(jwt), id).map(v -> Response.noContent().build());
    }
}
