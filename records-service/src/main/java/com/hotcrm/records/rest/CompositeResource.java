package com.hotcrm.records.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.platform.error.ErrorMappers;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.records.service.CompositeService;

import io.smallrye.mutiny.Uni;

/** Several record operations in one request, in one transaction by default (Salesforce's composite API). */
@Path("/v1/composite")
@Produces(MediaType.APPLICATION_JSON)
public class CompositeResource {

    private final CompositeService composite;
    private final JsonWebToken jwt;

    public CompositeResource(CompositeService composite, JsonWebToken jwt) {
        this.composite = composite;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<CompositeService.Results> run(@NotNull(message = ErrorMappers.NO_BODY) @Valid CompositeRequest body) {
        return composite.run(body, Caller.of(jwt));
    }
}
