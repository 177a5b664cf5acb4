package com.hotcrm.auth.rest;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.hotcrm.auth.service.UserService;

import io.smallrye.mutiny.Uni;

/**
 * Asked by records-service, outside /v1 so that it is never routed from outside (like
 * {@link TokenExchangeResource}): every user as the CRM's User fields (never a password), for the periodic
 * resync that repairs the User mirror.
 */
@Path("/internal/users")
@Produces(MediaType.APPLICATION_JSON)
public class InternalUserResource {

    private final UserService users;

    InternalUserResource(UserService users) {
        this.users = users;
    }

    @GET
    @PermitAll
    public Uni<List<Map<String, Object>>> all() {
        return users.all();
    }
}
