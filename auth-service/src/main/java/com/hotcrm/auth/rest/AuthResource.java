package com.hotcrm.auth.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.hotcrm.auth.keys.SigningKeys;
import com.hotcrm.auth.service.AuthService;
import com.hotcrm.auth.service.TokenPair;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorDetail;

import io.smallrye.mutiny.Uni;

/** The seed's POST /auth/token, plus refresh, logout and the JWKS every service verifies tokens with. */
@Path("/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    public record LoginRequest(String email, String password) {
    }

    public record RefreshRequest(String refreshToken) {
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
    public Uni<TokenPair> token(LoginRequest body) {
        List<ErrorDetail> missing = new ArrayList<>();
        if (body == null || body.email() == null || body.email().isBlank()) {
            missing.add(ErrorDetail.of("email", "email is required"));
        }
        if (body == null || body.password() == null || body.password().isEmpty()) {
            missing.add(ErrorDetail.of("password", "password is required"));
        }
        if (!missing.isEmpty()) {
            throw CrmException.validation("Send {\"email\": ..., \"password\": ...}", missing);
        }
        return auth.login(body.email().trim(), body.password());
    }

    @POST
    @Path("refresh")
    @PermitAll
    public Uni<TokenPair> refresh(RefreshRequest body) {
        String token = refreshToken(body);
        return auth.refresh(token).map(result -> {
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
    public Uni<Response> logout(RefreshRequest body) {
        return auth.logout(refreshToken(body)).map(v -> Response.noContent().build());
    }

    @GET
    @Path("jwks")
    @PermitAll
    public Response jwks() {
        return Response.ok(keys.jwksJson()).header("Cache-Control", "public, max-age=300").build();
    }

    private static String refreshToken(RefreshRequest body) {
        if (body == null || body.refreshToken() == null || body.refreshToken().isBlank()) {
            throw CrmException.validation("refreshToken", "refreshToken is required");
        }
        return body.refreshToken();
    }
}
