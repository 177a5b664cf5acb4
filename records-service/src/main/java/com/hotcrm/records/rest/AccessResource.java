package com.hotcrm.records.rest;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.platform.error.ErrorMappers;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.Roles;
import com.hotcrm.records.service.AccessService;

import io.smallrye.mutiny.Uni;

/** Record access settings: object permissions per role and sharing (admins change them), and record shares. */
@Path("/v1/metadata")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccessResource {

    private final AccessService access;
    private final MetadataRegistry registry;
    private final JsonWebToken jwt;

    public AccessResource(AccessService access, MetadataRegistry registry, JsonWebToken jwt) {
        this.access = access;
        this.registry = registry;
        this.jwt = jwt;
    }

    @GET
    @Path("permissions")
    public Map<String, List<Map<String, Object>>> all() {
        return Map.of("objects", access.describeAll());
    }

    @GET
    @Path("permissions/{object}")
    public Map<String, Object> one(@PathParam("object") String object) {
        return access.describe(registry.requireByName(object));
    }

    @PUT
    @Path("permissions/{object}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Map<String, Object>> update(@PathParam("object") String object,
            @NotNull(message = ErrorMappers.NO_BODY) @Valid PermissionChanges body) {
        return access.update(object, body);
    }

    @POST
    @Path("shares")
    public Uni<Response> share(@NotNull(message = ErrorMappers.NO_BODY)
            @Valid ShareRequest body) {
        return access.share(Caller.of(jwt), body).map(share -> Response.status(201).entity(share).build());
    }

    @DELETE
    @Path("shares")
    public Uni<Response> unshare(@QueryParam("recordId") String recordId, @QueryParam("userId") String userId) {
        return access.unshare(Caller.of(jwt), recordId, userId).map(v -> Response.noContent().build());
    }
}
