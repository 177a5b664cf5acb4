package com.hotcrm.platform.web;

import java.util.UUID;
import java.util.regex.Pattern;

import io.vertx.core.http.HttpServerRequest;

/**
 * The {@code X-Request-Id} every request carries through the suite: taken from the caller when it is a
 * sane token, otherwise made here, so that one id names a request in every service's log.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** The request's id, made and stored on the request's headers if it came without a usable one. */
    public static String ensure(HttpServerRequest request) {
        String id = request.getHeader(HEADER);
        if (id == null || !ACCEPTED.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
            request.headers().set(HEADER, id);
        }
        return id;
    }

    /** The id of a request that already went through {@link #ensure}, or "unknown". */
    public static String of(HttpServerRequest request) {
        String id = request == null ? null : request.getHeader(HEADER);
        return id == null ? "unknown" : id;
    }
}
