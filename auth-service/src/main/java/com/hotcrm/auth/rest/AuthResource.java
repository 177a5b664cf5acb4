package com.hotcrm.auth.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.hotcrm.auth.keys.SigningKeys;
import com.hotcrm.auth.service.AuthService;
import com.hotcrm.auth.service.TokenPair;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorMappers;
import com.hotcrm.platform.json.StrictJson;

import io.smallrye.mutiny.Uni;

/** The seed's POST /auth/token, plus refresh, logout and the JWKS every service verifies tokens with. */
@Path("/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    /** {@code POST /v1/auth/token}, as the reference shows it. */
    @StrictJson
    @Schema(additionalProperties = Schema.False.class)
    public record LoginRequest(@NotBlank(message = "email is required") String email,
            @NotEmpty(message = "password is required") String password) {
    }

    /** {@code POST /v1/auth/refresh} and {@code /logout}: the refresh token of the login. */
    @StrictJson
    @Schema(additionalProperties = Schema.False.class)
    public record RefreshRequest(@NotBlank(message = "refreshToken is required") String refreshToken) {
    }

    private final AuthService auth;
    private final SigningKeys keys;

    AuthResource(AuthService auth, SigningKeys keys) {
        this.auth = auth;
        this.keys = keys;
    }

    @POST
    @Path("token")
    @PermitAll
    public Uni<TokenPair> token(@NotNull(message = ErrorMappers.NO_BODY) @Valid LoginRequest body) {
        return auth.login(body.email().trim(), body.password());
    }

    @POST
    @Path("refresh")
    @PermitAll
    public Uni<TokenPair> refresh(@NotNull(message = ErrorMappers.NO_BODY) @Valid RefreshRequest body) {
        return auth.refresh(body.refreshToken()).map(result -> {
            if (result instanceof AuthService.Renewed renewed) {
                return renewed.pair();
            }
            throw CrmException.authentication(((AuthService.Refused) result).reason());
        });
    }

    /** Ends the login the refresh token belongs to (every token of its family). */
    @POST
    @Path("logout")
    @PermitAll
    public Uni<Response> logout(@NotNull(message = ErrorMappers.NO_BODY) @Valid RefreshRequest body) {
        return auth.logout(body.refreshToken()).map(v -> Response.noContent().build());
    }

    @GET
    @Path("jwks")
    @PermitAll
    public Response jwks() {
        return Response.ok(keys.jwksJson()).header("Cache-Control", "public, max-age=300").build();
    }
}
