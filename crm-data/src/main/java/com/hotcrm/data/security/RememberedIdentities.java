package com.hotcrm.data.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a bearer token that {@link VerifiedTokens} verified before, on the request's own thread. SmallRye JWT's
 * provider verifies on a worker thread (the key set lives at auth-service, so a verification may fetch it): two
 * thread hops for every request, even when the token was verified a moment ago. This provider comes first; for a
 * token it does not know (new, expired, forged) it answers nothing, and SmallRye's verifies it as before, on a
 * worker, and remembers it. The identity is the one SmallRye builds: the token as principal and its groups as roles.
 */
@ApplicationScoped
public class RememberedIdentities implements IdentityProvider<TokenAuthenticationRequest> {

    private final VerifiedTokens tokens;

    RememberedIdentities(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before SmallRye JWT's provider (the default priority, 1001). */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        JsonWebToken jwt = tokens.remembered(request.getToken().getToken());
        if (jwt == null) {
            return Uni.createFrom().nullItem();
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addCredential(request.getToken())
                .addRoles(jwt.getGroups())
                .addAttribute("quarkus.user", jwt);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            identity.addAttribute(RoutingContext.class.getName(), routing);
        }
        return Uni.createFrom().item(identity.build());
    }
}
