package com.hotcrm.platform.security;

/**
 * The shape of every access token auth-service issues: who the caller is ({@code sub} = user id,
 * {@code email}, {@code groups} = roles), which rate-limit tier applies and, for tokens exchanged from an
 * API token, which API token it stands for.
 */
public final class TokenClaims {

    public static final String ISSUER = "hotcrm";
    public static final String AUDIENCE = "hotcrm-api";
    public static final String EMAIL = "email";
    public static final String GROUPS = "groups";
    public static final String TIER = "tier";
    /** Id of the API token an exchanged access token stands for; absent for password logins. */
    public static final String API_TOKEN_ID = "tid";

    private TokenClaims() {
    }
}
