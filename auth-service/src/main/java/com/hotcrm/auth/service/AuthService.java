package com.hotcrm.auth.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.hotcrm.auth.repository.ApiToken;
import com.hotcrm.auth.repository.RefreshToken;
import com.hotcrm.auth.repository.User;
import com.hotcrm.auth.config.AuthConfig;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.platform.security.RateLimitTier;
import com.hotcrm.platform.security.TokenHash;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Password login, refresh-token rotation with reuse detection, logout, and the exchange of an API token
 * for a short-lived access token (asked by the gateway).
 */
@ApplicationScoped
public class AuthService {

    private static final Logger LOG = Logger.getLogger(AuthService.class);
    static final String REFRESH_PREFIX = "hcrt_";
    private static final String BAD_LOGIN = "Invalid email or password";
    private static final String BAD_REFRESH = "Invalid or expired refresh token: log in again";

    private final AuthConfig config;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final Vertx vertx;

    AuthService(AuthConfig config, PasswordHasher hasher, TokenIssuer issuer, Vertx vertx) {
        this.config = config;
        this.hasher = hasher;
        this.issuer = issuer;
        this.vertx = vertx;
    }

    /**
     * Same message and about the same time (one bcrypt verification) whether the email exists or not. The
     * user is read in one short session and the refresh token written in its own transaction; bcrypt's
     * quarter second runs between them, holding no connection and no transaction.
     */
    public Uni<TokenPair> login(String email, String password) {
        return Panache.withSession(() -> User.findByEmail(email))
                .flatMap(user -> vertx.executeBlocking(Uni.createFrom()
                                .item(() -> hasher.verify(password, user == null ? null : user.passwordHash)))
                        .map(ok -> ok && user.active ? user : null))
                .flatMap(user -> {
                    if (user == null) {
                        return Uni.createFrom().failure(CrmException.authentication(BAD_LOGIN));
                    }
                    return Panache.withTransaction(() -> issue(user, RecordIds.next("rtf")));
                });
    }

    /** What a refresh attempt found; a reused token revokes its family, and that must commit before the 401. */
    public sealed interface Refreshed {
    }

    public record Renewed(TokenPair pair) implements Refreshed {
    }

    public record Refused(String reason) implements Refreshed {
    }

    @WithTransaction
    public Uni<Refreshed> refresh(String refreshToken) {
        OffsetDateTime now = now();
        return RefreshToken.findByHash(TokenHash.of(refreshToken)).flatMap(stored -> {
            if (stored == null || stored.revokedAt != null || !stored.expiresAt.isAfter(now)) {
                return Uni.createFrom().item(new Refused(BAD_REFRESH));
            }
            // claim the rotation atomically: of two concurrent refreshes with one token, one wins
            return RefreshToken.update("rotatedAt = ?1 where id = ?2 and rotatedAt is null", now, stored.id)
                    .flatMap(claimed -> {
                        if (claimed == 0) {
                            LOG.warnf("Refresh token of family %s (user %s) was used twice: revoking the family",
                                    stored.familyId, stored.userId);
                            return RefreshToken.revokeFamily(stored.familyId, now)
                                    .map(n -> new Refused("This refresh token was already used; every session of this "
                                            + "login has been revoked: log in again"));
                        }
                        return User.<User>findById(stored.userId).flatMap(user -> user == null || !user.active
                                ? RefreshToken.revokeFamily(stored.familyId, now).map(n -> new Refused(BAD_REFRESH))
                                : issue(user, stored.familyId).map(Renewed::new));
                    });
        });
    }

    /** Revokes the whole login the refresh token belongs to; unknown tokens are ignored. */
    @WithTransaction
    public Uni<Void> logout(String refreshToken) {
        return RefreshToken.findByHash(TokenHash.of(refreshToken))
                .flatMap(stored -> stored == null ? Uni.createFrom().voidItem()
                        : RefreshToken.revokeFamily(stored.familyId, now()).replaceWithVoid());
    }

    /**
     * A short-lived access token standing for a valid API token: the API token's tier (capped at the user's
     * current one), the user's current role, and an expiry no later than the API token's.
     */
    @WithTransaction
    public Uni<TokenPair> exchange(String apiToken) {
        OffsetDateTime now = now();
        CrmException refused = CrmException.authentication("Invalid, expired or revoked API token");
        if (apiToken == null || !apiToken.startsWith(ApiTokenService.TOKEN_PREFIX)) {
            return Uni.createFrom().failure(refused);
        }
        return ApiToken.findBySecretHash(TokenHash.of(apiToken)).flatMap(token -> {
            if (token == null || !token.usableAt(now)) {
                return Uni.createFrom().failure(refused);
            }
            return User.<User>findById(token.userId).map(user -> {
                if (user == null || !user.active) {
                    throw refused;
                }
                if (token.lastUsedAt == null || token.lastUsedAt.isBefore(now.minusMinutes(1))) {
                    token.lastUsedAt = now;
                }
                // never more than the API token allows, nor more than its user has now: the tier is the lower
                // of the two (a user moved down since keeps no higher budget through an old token), the role
                // is the user's current one, and the token ends when the API token does
                RateLimitTier tier = lower(RateLimitTier.parse(token.tier).orElse(RateLimitTier.STANDARD),
                        RateLimitTier.parse(user.tier).orElse(RateLimitTier.STANDARD));
                long expiresAt = now.plus(config.jwt().exchangedTokenTtl()).toEpochSecond();
                if (token.expiresAt != null) {
                    expiresAt = Math.min(expiresAt, token.expiresAt.toEpochSecond());
                }
                return new TokenPair(issuer.accessToken(user, tier.label(), expiresAt, token.id),
                        Math.max(0, expiresAt - now.toEpochSecond()), null);
            });
        });
    }

    private static RateLimitTier lower(RateLimitTier a, RateLimitTier b) {
        return a.atMost(b) ? a : b;
    }

    private Uni<TokenPair> issue(User user, String familyId) {
        OffsetDateTime now = now();
        String secret = REFRESH_PREFIX + Secrets.random();
        RefreshToken refresh = new RefreshToken();
        refresh.id = RecordIds.next("rt");
        refresh.tokenHash = TokenHash.of(secret);
        refresh.familyId = familyId;
        refresh.userId = user.id;
        refresh.createdAt = now;
        refresh.expiresAt = now.plus(config.jwt().refreshTokenTtl());
        var ttl = config.jwt().accessTokenTtl();
        return refresh.persist().map(saved -> new TokenPair(
                issuer.accessToken(user, user.tier, ttl, null), ttl.toSeconds(), secret));
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
