package com.hotcrm.platform.error;

import java.util.List;

/**
 * A failure the client is told about: it carries the seed's error code, a message that says what to
 * fix, and optional per-field details. The platform's mappers turn it into the error envelope.
 */
public class CrmException extends RuntimeException {

    private final ErrorCode code;
    private final List<ErrorDetail> details;

    public CrmException(ErrorCode code, String message, List<ErrorDetail> details) {
        super(message, null, false, false);
        this.code = code;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    public CrmException(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    public static CrmException validation(String message, List<ErrorDetail> details) {
        return new CrmException(ErrorCode.VALIDATION_ERROR, message, details);
    }

    public static CrmException validation(String field, String message) {
        return new CrmException(ErrorCode.VALIDATION_ERROR, message, List.of(ErrorDetail.of(field, message)));
    }

    public static CrmException notFound(String message) {
        return new CrmException(ErrorCode.NOT_FOUND, message);
    }

    public static CrmException authentication(String message) {
        return new CrmException(ErrorCode.AUTHENTICATION_ERROR, message);
    }

    public static CrmException permission(String message) {
        return new CrmException(ErrorCode.PERMISSION_ERROR, message);
    }

    public static CrmException duplicate(String field, String message) {
        return new CrmException(ErrorCode.DUPLICATE_ERROR, message, List.of(ErrorDetail.of(field, message)));
    }

    public static CrmException reference(String message, List<ErrorDetail> details) {
        return new CrmException(ErrorCode.REFERENCE_ERROR, message, details);
    }

    public ErrorCode code() {
        return code;
    }

    public List<ErrorDetail> details() {
        return details;
    }

    public ErrorEnvelope toEnvelope() {
        return ErrorEnvelope.of(code, getMessage(), details);
    }
}
