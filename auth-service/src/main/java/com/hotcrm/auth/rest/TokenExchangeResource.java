package com.hotcrm.auth.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.hotcrm.auth.service.AuthService;
import com.hotcrm.platform.error.CrmException;

import io.smallrye.mutiny.Uni;

/**
 * Asked by the gateway, outside /v1 so that it is never routed from outside: an API token in, a
 * short-lived access token carrying the API token's id and tier out.
 */
@Path("/internal/token-exchange")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenExchangeResource {

    public record ExchangeRequest(String apiToken) {
    }

    public record Exchanged(String token, long expiresIn) {
    }

    private final AuthService auth;

    TokenExchangeResource(AuthService auth) {
        this.auth = auth;
    }

    @POST
    @PermitAll
    public Uni<Exchanged> exchange(ExchangeRequest body) {
        if (body == null || body.apiToken() == null) {
            throw CrmException.validation("apiToken", "apiToken is required");
        }
        return auth.exchange(body.apiToken()).map(pair -> new Exchanged(pair.token(), pair.expiresIn()));
    }
}
