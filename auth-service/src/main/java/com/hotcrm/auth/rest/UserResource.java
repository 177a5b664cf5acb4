package com.hotcrm.auth.rest;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.auth.service.UserService;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorMappers;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.Roles;

import io.smallrye.mutiny.Uni;

/** Users and their roles; admins manage them, anyone may read themselves. */
@Path("/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    private final UserService users;
    private final JsonWebToken jwt;

    UserResource(UserService users, JsonWebToken jwt) {
        this.users = users;
        this.jwt = jwt;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public Uni<UserService.Page<Map<String, Object>>> list(@QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("offset") @DefaultValue("0") int offset) {
        return users.list(limit, offset);
    }

    /** {@code me} is the caller. Others' records are for admins only. */
    @GET
    @Path("{id}")
    public Uni<Map<String, Object>> get(@PathParam("id") String id) {
        Caller caller = Caller.of(jwt);
        String userId = "me".equals(id) ? caller.userId() : id;
        if (!caller.isAdmin() && !userId.equals(caller.userId())) {
            throw CrmException.permission("Only admins can read other users");
        }
        return users.get(userId);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@NotNull(message = ErrorMappers.NO_BODY) @Valid NewUser body) {
        return users.create(body, Caller.of(jwt).userId()).map(user -> Response.status(201).entity(user).build());
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Map<String, Object>> update(@PathParam("id") String id, @NotNull(message = ErrorMappers.NO_BODY) @Valid UserChanges body) {
        return users.update(id, body, Caller.of(jwt).userId());
    }
}
