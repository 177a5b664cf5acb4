package com.hotcrm.platform.error;

import java.util.List;

/**
 * The API reference's error body: {@code {"error": {"code", "message", "details"}}}. Every failure of
 * every service and of the gateway is answered in this shape.
 */
public record ErrorEnvelope(Body error) {

    public record Body(String code, String message, List<ErrorDetail> details) {
    }

    public static ErrorEnvelope of(ErrorCode code, String message, List<ErrorDetail> details) {
        return new ErrorEnvelope(new Body(code.name(), message, details == null ? List.of() : List.copyOf(details)));
    }

    public static ErrorEnvelope of(ErrorCode code, String message) {
        return of(code, message, List.of());
    }
}
