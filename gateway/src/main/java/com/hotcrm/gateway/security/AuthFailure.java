package com.hotcrm.gateway.security;

import com.hotcrm.platform.error.ErrorCode;

/**
 * Why a request was not let through: 401 for the client's token, 429 for a client sending too many bad
 * API tokens, 503 when auth-service cannot answer.
 */
public final class AuthFailure extends RuntimeException {

    private final ErrorCode code;
    private final int status;
    private final long retryAfterSeconds;

    private AuthFailure(ErrorCode code, int status, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    private AuthFailure(ErrorCode code, int status, String message) {
        this(code, status, message, 0);
    }

    public static AuthFailure rateLimited(String message, long retryAfterSeconds) {
        return new AuthFailure(ErrorCode.RATE_LIMIT_ERROR, 429, message, retryAfterSeconds);
    }

    public static AuthFailure unauthenticated(String message) {
        return new AuthFailure(ErrorCode.AUTHENTICATION_ERROR, 401, message);
    }

    public static AuthFailure unavailable(String message) {
        return new AuthFailure(ErrorCode.SERVER_ERROR, 503, message);
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** For a 429: when to try again (the Retry-After header). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
