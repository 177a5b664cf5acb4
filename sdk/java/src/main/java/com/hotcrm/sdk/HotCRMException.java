package com.hotcrm.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.hotcrm.sdk.model.ErrorDetail;

/**
 * A call the API refused or could not answer: the API's error envelope
 * ({@code {"error": {"code", "message", "details"}}}) as an exception.
 *
 * <p>{@link #code()} is the API's error code ({@code VALIDATION_ERROR}, {@code NOT_FOUND},
 * {@code RATE_LIMIT_ERROR}...; {@code CONNECTION_ERROR} when no answer came), {@link #status()} the HTTP
 * status (0 without an answer), {@link #details()} the problems per field, {@link #requestId()} the
 * {@code X-Request-Id} to quote to an operator, {@link #retryAfter()} how long a 429 or 503 asked to wait.
 */
public class HotCRMException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String VALIDATION_ERROR = "VALIDATION_ERROR";
    public static final String DUPLICATE_ERROR = "DUPLICATE_ERROR";
    public static final String AUTHENTICATION_ERROR = "AUTHENTICATION_ERROR";
    public static final String PERMISSION_ERROR = "PERMISSION_ERROR";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String REFERENCE_ERROR = "REFERENCE_ERROR";
    public static final String RATE_LIMIT_ERROR = "RATE_LIMIT_ERROR";
    public static final String SERVER_ERROR = "SERVER_ERROR";
    public static final String PRECONDITION_FAILED = "PRECONDITION_FAILED";
    /** An Idempotency-Key still in use by its first request (409; the SDK waits and retries) or reused (422). */
    public static final String IDEMPOTENCY_ERROR = "IDEMPOTENCY_ERROR";
    /** A change-feed cursor older than the server keeps changes (410): read the records again, follow from the head. */
    public static final String CURSOR_EXPIRED = "CURSOR_EXPIRED";
    /** No answer: the server could not be reached, or did not answer within the timeout. */
    public static final String CONNECTION_ERROR = "CONNECTION_ERROR";

    /** The code a status stands for when an answer carries no envelope (a proxy's HTML page, say). */
    private static final Map<Integer, String> CODES_BY_STATUS = Map.of(400, VALIDATION_ERROR, 401, AUTHENTICATION_ERROR,
            403, PERMISSION_ERROR, 404, NOT_FOUND, 405, "METHOD_NOT_ALLOWED", 409, REFERENCE_ERROR, 412,
            PRECONDITION_FAILED, 413, "PAYLOAD_TOO_LARGE", 415, "UNSUPPORTED_MEDIA_TYPE", 429, RATE_LIMIT_ERROR);

    private final String code;
    private final int status;
    private final String errorMessage;
    private final transient List<ErrorDetail> details;
    private final String requestId;
    private final Duration retryAfter;

    public HotCRMException(String code, int status, String message, List<ErrorDetail> details, String requestId,
            Duration retryAfter, Throwable cause) {
        super(describe(code, status, message, details, requestId), cause);
        this.code = code;
        this.status = status;
        this.errorMessage = message;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    public HotCRMException(String code, String message) {
        this(code, 0, message, List.of(), null, null, null);
    }

    static String codeForStatus(int status) {
        return CODES_BY_STATUS.getOrDefault(status, SERVER_ERROR);
    }

    private static String describe(String code, int status, String message, List<ErrorDetail> details,
            String requestId) {
        StringBuilder text = new StringBuilder(code);
        if (status > 0) {
            text.append(" (").append(status).append(')');
        }
        text.append(": ").append(message);
        if (details != null) {
            for (ErrorDetail detail : details) {
                text.append("\n  - ").append(detail.field() == null ? "" : detail.field() + ": ")
                        .append(detail.message());
            }
        }
        if (requestId != null) {
            text.append("\n  request id: ").append(requestId);
        }
        return text.toString();
    }

    /** The API's error code, e.g. {@code VALIDATION_ERROR}. */
    public String code() {
        return code;
    }

    /** The HTTP status; 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The envelope's message, without the code and details {@link #getMessage()} adds. */
    public String errorMessage() {
        return errorMessage;
    }

    /** One entry per problem, with the field it concerns (when it concerns one). */
    public List<ErrorDetail> details() {
        return details;
    }

    /** The message of the first detail about {@code field}, if any. */
    public Optional<String> detail(String field) {
        return details.stream().filter(d -> field.equals(d.field())).map(ErrorDetail::message).findFirst();
    }

    /** The {@code X-Request-Id} of the call, to find it in the server's logs. */
    public String requestId() {
        return requestId;
    }

    /** How long the server asked to wait ({@code Retry-After}), if it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean is(String code) {
        return this.code.equals(code);
    }
}
