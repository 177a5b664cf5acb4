package com.hotcrm.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.error.ErrorEnvelope;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** Writes the error envelope straight onto a Vert.x response, for failures outside the REST layer. */
public final class ErrorResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorResponses() {
    }

    public static void write(HttpServerResponse response, int status, ErrorCode code, String message) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        String body;
        try {
            body = JSON.writeValueAsString(ErrorEnvelope.of(code, message));
        } catch (JsonProcessingException e) {
            body = "{\"error\":{\"code\":\"SERVER_ERROR\",\"message\":\"Internal server error\",\"details\":[]}}";
        }
        if (status == 503 && response.headers().get("Retry-After") == null) {
            // every 503 says when to come back; callers that know better set their own first
            response.putHeader("Retry-After", "1");
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body);
    }

    public static void write(HttpServerResponse response, ErrorCode code, String message) {
        write(response, code.status(), code, message);
    }

    /** The message a client sees for a bare HTTP status raised below the REST layer. */
    public static String messageFor(int status) {
        return switch (status) {
            case 400 -> "The request is malformed";
            case 401 -> "Authentication required: send 'Authorization: Bearer <token>'";
            case 403 -> "You do not have permission to do this";
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this path";
            case 406 -> "The requested media type cannot be produced: accept application/json";
            case 412 -> "The record changed since you read it: read it again and retry";
            case 413 -> "The request body is too large";
            case 414 -> "The request URI is too long";
            case 415 -> "Unsupported media type: send the body as application/json";
            case 429 -> "Too many requests";
            case 431 -> "The request headers are too large";
            case 502, 503 -> "The service is unavailable; try again shortly";
            case 504 -> "The service did not answer in time; try again shortly";
            default -> status >= 500 ? "Internal server error" : "The request could not be processed";
        };
    }
}
