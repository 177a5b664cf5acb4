package com.hotcrm.platform.error;

/**
 * The error codes of the API reference, each with its HTTP status. The first eight are the seed's table;
 * the others name HTTP-level failures the seed's table does not cover (wrong method, body too large, wrong
 * media type, a stale If-Match, an Idempotency-Key in use). A service the gateway cannot reach is a SERVER_ERROR with status 503 (or
 * 504 when it did not answer in time).
 */
public enum ErrorCode {
    VALIDATION_ERROR(400),
    DUPLICATE_ERROR(400),
    AUTHENTICATION_ERROR(401),
    PERMISSION_ERROR(403),
    NOT_FOUND(404),
    REFERENCE_ERROR(409),
    RATE_LIMIT_ERROR(429),
    SERVER_ERROR(500),
    METHOD_NOT_ALLOWED(405),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    PRECONDITION_FAILED(412),
    /** An Idempotency-Key still in use by its first request (409), or used for a different request (422). */
    IDEMPOTENCY_ERROR(409),
    /** A change-feed cursor older than the feed's retention: the client resyncs and starts again at the head. */
    CURSOR_EXPIRED(410);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The code a client sees for a bare HTTP status, e.g. one raised by the HTTP layer itself. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400, 406 -> VALIDATION_ERROR;
            case 401 -> AUTHENTICATION_ERROR;
            case 403 -> PERMISSION_ERROR;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 409 -> REFERENCE_ERROR;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMIT_ERROR;
            default -> status >= 400 && status < 500 ? VALIDATION_ERROR : SERVER_ERROR;
        };
    }
}
