package com.hotcrm.sdk;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The bearer token a client sends: an API key as it is, or a login's access token with its refresh token.
 * A login's access token is refreshed ({@code POST /auth/refresh}) shortly before it expires and when the API
 * answers 401 to it. Refreshes are serialized and skipped when another thread already replaced the token
 * that failed, so a rotated refresh token is never presented twice (which the API treats as theft and answers
 * by revoking the login).
 */
final class Session {

    /** Refresh this long before expiry (or half the lifetime, when that is shorter). */
    private static final Duration LEEWAY = Duration.ofSeconds(30);

    private final Object lock = new Object();
    private volatile String accessToken;
    private volatile String refreshToken;
    private volatile Instant refreshAt;

    Session(String accessToken, String refreshToken) {
        this.accessToken = accessToken;
        this.refreshToken = refreshToken;
    }

    String accessToken() {
        return accessToken;
    }

    String refreshToken() {
        return refreshToken;
    }

    boolean canRefresh() {
        return refreshToken != null;
    }

    /** Takes the pair of {@code POST /auth/token} or {@code /auth/refresh}: {@code token, expiresIn, refreshToken}. */
    void accept(JsonNode pair, Instant now) {
        if (!pair.path("token").isTextual()) {
            throw new HotCRMException(HotCRMException.AUTHENTICATION_ERROR, "The login answer holds no token");
        }
        synchronized (lock) {
            accessToken = pair.get("token").asText();
            if (pair.path("refreshToken").isTextual()) {
                refreshToken = pair.get("refreshToken").asText();
            }
            if (pair.path("expiresIn").canConvertToLong()) {
                Duration lifetime = Duration.ofSeconds(pair.get("expiresIn").asLong());
                Duration leeway = lifetime.dividedBy(2).compareTo(LEEWAY) < 0 ? lifetime.dividedBy(2) : LEEWAY;
                refreshAt = now.plus(lifetime).minus(leeway);
            } else {
                refreshAt = null;
            }
        }
    }

    String tokenForCall(Transport transport) {
        Instant due = refreshAt;
        if (refreshToken != null && due != null && !transport.settings().clock().instant().isBefore(due)) {
            refresh(transport, accessToken);
        }
        return accessToken;
    }

    /**
     * Swaps the refresh token for a new pair. With {@code stale}, only while the access token is still that one:
     * callers that saw the same token fail refresh once between them.
     */
    void refresh(Transport transport, String stale) {
        synchronized (lock) {
            if (stale != null && !stale.equals(accessToken)) {
                return;
            }
            if (refreshToken == null) {
                throw new HotCRMException(HotCRMException.AUTHENTICATION_ERROR,
                        "This client has no refresh token: build it with login(email, password)");
            }
            JsonNode pair = transport.send("POST", "auth/refresh", null, Map.of("refreshToken", refreshToken), false);
            accept(pair, transport.settings().clock().instant());
        }
    }

    void forgetRefreshToken() {
        synchronized (lock) {
            refreshToken = null;
            refreshAt = null;
        }
    }
}
