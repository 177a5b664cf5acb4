package com.hotcrm.platform.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One entry of an error's {@code details}: the field concerned (if any) and what to fix. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorDetail(String field, String message) {

    public static ErrorDetail of(String field, String message) {
        return new ErrorDetail(field, message);
    }

    public static ErrorDetail general(String message) {
        return new ErrorDetail(null, message);
    }
}
