package com.hotcrm.platform.error;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.hotcrm.platform.web.ErrorResponses;
import com.hotcrm.platform.web.RequestIds;
import com.hotcrm.platform.web.TypedBody;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;

/**
 * The one set of exception mappers of the suite: whatever a resource throws reaches the client as the
 * error envelope, with the seed's code and status and a message that says what to fix, never internals.
 */
public class ErrorMappers {

    /** The message for a typed body that was not sent: {@code @NotNull(message = NO_BODY) @Valid Body body}. */
    public static final String NO_BODY = "Send a JSON object as the request body";

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response crm(CrmException e) {
        return envelope(e.code().status(), e.toEnvelope());
    }

    /** Outranks the JSON mappers Quarkus ships, whose bodies are not the envelope. */
    @ServerExceptionMapper(priority = Priorities.USER - 100, value = { JsonProcessingException.class,
            JsonParseException.class, MismatchedInputException.class, InvalidFormatException.class })
    public Response malformedJson(JsonProcessingException e) {
        return envelope(400, malformedJsonEnvelope(e));
    }

    /** A body read after the rights check ({@link TypedBody}) that does not fit its type. */
    @ServerExceptionMapper
    public Response invalidBody(TypedBody.InvalidBody e) {
        return malformedJson(e.json());
    }

    /**
     * A request body or parameter that breaks its Bean Validation constraints: VALIDATION_ERROR with one
     * detail per field (named as the client wrote it, {@code roles.sales_rep} for a nested one), sorted by field.
     */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response invalid(ConstraintViolationException e) {
        // a field breaking two constraints ("" for an email: empty, and not an address) gets one detail
        Map<String, String> byField = new TreeMap<>();
        e.getConstraintViolations().stream()
                .map(violation -> ErrorDetail.of(fieldOf(violation), violation.getMessage()))
                .sorted(Comparator.comparing(ErrorDetail::message))
                .forEach(detail -> byField.putIfAbsent(detail.field(), detail.message()));
        List<ErrorDetail> details = byField.entrySet().stream()
                .map(entry -> ErrorDetail.of(entry.getKey(), entry.getValue())).toList();
        if (details.isEmpty()) {
            return envelope(400, ErrorEnvelope.of(ErrorCode.VALIDATION_ERROR, "The request is not valid"));
        }
        return envelope(400, CrmException.validation(details.get(0).message(), details).toEnvelope());
    }

    /** The property path below the method parameter ({@code share.body.recordId} is {@code recordId}). */
    static String fieldOf(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case PARAMETER -> parameter = node.getName();
                case PROPERTY, CONTAINER_ELEMENT -> {
                    // a node's index or key is its place in the list or map before it: events[1], roles.sales_rep
                    String index = node.getIndex() != null ? "[" + node.getIndex() + "]"
                            : node.getKey() != null ? "." + node.getKey() : "";
                    if (!names.isEmpty() && !index.isEmpty()) {
                        names.set(names.size() - 1, names.get(names.size() - 1) + index);
                    }
                    String name = node.getName();
                    if (name != null && !name.startsWith("<")) {
                        names.add(name);
                    }
                }
                default -> {
                }
            }
        }
        return names.isEmpty() ? (parameter == null ? "body" : parameter) : String.join(".", names);
    }

    /** No token, or one that failed verification: 401 with the challenge RFC 6750 asks for. */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e) {
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                .header("WWW-Authenticate", "Bearer realm=\"hotcrm\"")
                .entity(ErrorEnvelope.of(ErrorCode.AUTHENTICATION_ERROR,
                        "Authentication required: send a valid token as Authorization: Bearer <token>"))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return envelope(403, ErrorEnvelope.of(ErrorCode.PERMISSION_ERROR,
                "Your role does not allow this operation"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        String message = ErrorResponses.messageFor(status);
        if (status == 404 || status == 405) {
            message = message + ": " + request.method() + " " + request.path();
        }
        return envelope(status, ErrorEnvelope.of(ErrorCode.forStatus(status), message));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        DatabaseFailures.Transient fault = DatabaseFailures.classifyRequest(e).orElse(null);
        if (fault != null) {
            LOG.warnf("Database fault in request %s: %s", RequestIds.of(request), e.toString());
            return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", Integer.toString(fault.retryAfterSeconds()))
                    .entity(ErrorEnvelope.of(ErrorCode.SERVER_ERROR, fault.message())).build();
        }
        String requestId = RequestIds.of(request);
        LOG.errorf(e, "Unhandled error in request %s", requestId);
        return envelope(500, ErrorEnvelope.of(ErrorCode.SERVER_ERROR,
                "Internal server error (request id " + requestId + ")"));
    }

    static ErrorEnvelope malformedJsonEnvelope(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = fieldPath(unknown.getPath());
            String known = unknown.getKnownPropertyIds() == null ? ""
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            String message = "Unknown field '" + field + "'" + (known.isEmpty() ? "" : "; allowed: " + known);
            return ErrorEnvelope.of(ErrorCode.VALIDATION_ERROR, message, List.of(ErrorDetail.of(field, message)));
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = fieldPath(mismatch.getPath());
            String message = "Invalid value for '" + field + "'" + at(e.getLocation()) + ": expected "
                    + typeName(mismatch.getTargetType());
            return ErrorEnvelope.of(ErrorCode.VALIDATION_ERROR, message, List.of(ErrorDetail.of(field, message)));
        }
        String message = "Malformed JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage();
        return ErrorEnvelope.of(ErrorCode.VALIDATION_ERROR, message);
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return type == java.time.LocalDate.class ? "an ISO-8601 date such as 2027-01-31"
                    : "an ISO-8601 date-time such as 2027-01-31T00:00:00Z";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static Response envelope(int status, ErrorEnvelope body) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        if (status == 503) {
            response.header("Retry-After", "1");
        }
        return response.build();
    }
}
