package com.hotcrm.sdk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.sdk.model.ApiToken;

/** The caller's API tokens ({@code /auth/api-tokens}), for scripts and integrations. */
public final class ApiTokens {

    private final Transport transport;

    ApiTokens(Transport transport) {
        this.transport = transport;
    }

    /** A new token of the caller's tier; its secret {@link ApiToken#token()} is in this answer only. */
    public ApiToken create(String name) {
        return create(name, null, null);
    }

    /** A new token; {@code tier} ({@code Standard}, {@code Premium}, {@code Enterprise}) at most the caller's own. */
    public ApiToken create(String name, String tier, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (tier != null) {
            body.put("tier", tier);
        }
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt);
        }
        return Json.convert(transport.post("auth/api-tokens", body), ApiToken.class);
    }

    /** The caller's live tokens (without secrets). */
    public List<ApiToken> list() {
        return list(false);
    }

    /** With {@code all} (admins), everyone's. */
    public List<ApiToken> list(boolean all) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("all", all ? "true" : null);
        List<ApiToken> tokens = new ArrayList<>();
        for (JsonNode token : transport.get("auth/api-tokens", query).path("records")) {
            tokens.add(Json.convert(token, ApiToken.class));
        }
        return tokens;
    }

    /** Revokes a token: the gateway refuses it within a minute. */
    public void revoke(String id) {
        transport.send("DELETE", "auth/api-tokens/" + Transport.segment(id), null, null, true);
    }
}
