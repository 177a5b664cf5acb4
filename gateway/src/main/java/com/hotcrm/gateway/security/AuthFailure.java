package com.hotcrm.gateway.security;

import com.hotcrm.platform.error.ErrorCode;

/** Why a request was not let through: 401 for the client's token, 503 when auth-service cannot answer. */
public final class AuthFailure extends RuntimeException {

    private final ErrorCode code;
    private final int status;

    private AuthFailure(ErrorCode code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
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
}
