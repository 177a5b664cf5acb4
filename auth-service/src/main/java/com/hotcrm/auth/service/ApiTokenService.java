package com.hotcrm.auth.service;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.auth.repository.ApiToken;
import com.hotcrm.auth.repository.User;
import com.hotcrm.auth.rest.NewApiToken;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.RateLimitTier;
import com.hotcrm.platform.security.TokenHash;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * API tokens of the calling user (admins may list and revoke everyone's): {@code hcrm_<prefix>_<secret>}, shown once at creation, stored as a
 * SHA-256, listed by prefix, revoked by id.
 */
@ApplicationScoped
public class ApiTokenService {

    static final String TOKEN_PREFIX = "hcrm_";

    @WithTransaction
    public Uni<Map<String, Object>> create(Caller caller, NewApiToken body) {
        OffsetDateTime now = AuthService.now();
        RateLimitTier tier = body.tier() == null ? caller.tier() : RateLimitTier.parse(body.tier()).orElseThrow();
        String name = body.name().strip();
        OffsetDateTime expiresAt = body.expiresAt();
        return User.<User>findById(caller.userId()).map(user -> {
            if (user == null || !user.active) {
                throw CrmException.authentication("Your user no longer exists or is inactive");
            }
            RateLimitTier own = RateLimitTier.parse(user.tier).orElse(RateLimitTier.STANDARD);
            if (!tier.atMost(own)) {
                throw CrmException.permission("An API token's tier cannot be above your own (" + own.label() + ")");
            }
            return user;
        }).flatMap(user -> {
            String prefix = Secrets.random().substring(0, 8).replace('-', 'x').replace('_', 'y');
            String secret = TOKEN_PREFIX + prefix + "_" + Secrets.random();
            ApiToken token = new ApiToken();
            token.id = RecordIds.next("tok");
            token.userId = user.id;
            token.name = name;
            token.prefix = TOKEN_PREFIX + prefix;
            token.secretHash = TokenHash.of(secret);
            token.tier = tier.label();
            token.createdAt = now;
            token.expiresAt = expiresAt;
            return token.<ApiToken>persist().map(saved -> {
                Map<String, Object> view = view(saved);
                view.put("token", secret);
                return view;
            });
        });
    }

    /** The caller's live tokens; with {@code all}, an admin gets everyone's. */
    @WithSession
    public Uni<List<Map<String, Object>>> list(Caller caller, boolean all) {
        if (all && !caller.isAdmin()) {
            throw CrmException.permission("Only admins can list everyone's API tokens");
        }
        var tokens = all ? ApiToken.<ApiToken>find("revokedAt is null", Sort.by("createdAt"))
                : ApiToken.<ApiToken>find("userId = ?1 and revokedAt is null", Sort.by("createdAt"), caller.userId());
        return tokens.list().map(found -> found.stream().map(ApiTokenService::view).toList());
    }

    @WithTransaction
    public Uni<Void> revoke(Caller caller, String id) {
        return ApiToken.<ApiToken>findById(id).invoke(token -> {
            if (token == null || token.revokedAt != null || !(token.userId.equals(caller.userId()) || caller.isAdmin())) {
                throw CrmException.notFound("No API token with id " + id);
            }
            token.revokedAt = AuthService.now();
        }).replaceWithVoid();
    }

    private static Map<String, Object> view(ApiToken token) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", token.id);
        view.put("userId", token.userId);
        view.put("name", token.name);
        view.put("prefix", token.prefix);
        view.put("tier", token.tier);
        view.put("createdAt", token.createdAt);
        view.put("expiresAt", token.expiresAt);
        view.put("lastUsedAt", token.lastUsedAt);
        return view;
    }
}
