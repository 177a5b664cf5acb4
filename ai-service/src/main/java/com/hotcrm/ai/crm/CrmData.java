package com.hotcrm.ai.crm;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.metadata.RecordIds;

import io.smallrye.mutiny.Uni;

/**
 * The CRM records the AI endpoints work from, read through query-service as the caller (so they only see
 * what the caller may see): a 5 s timeout per call, two retries for reads, and a circuit breaker that
 * fails fast while query-service is down. The caller's own refusals (403, 404) pass through unchanged.
 */
@ApplicationScoped
public class CrmData {

    private static final Logger LOG = Logger.getLogger(CrmData.class);
    static final int PAGE = 200;

    private final QueryApi api;
    private final RecordsApi records;
    private final AccessApi access;
    private final ObjectMapper json;

    CrmData(@RestClient QueryApi api, @RestClient RecordsApi records, @RestClient AccessApi access, ObjectMapper json) {
        this.api = api;
        this.records = records;
        this.access = access;
        this.json = json;
    }

    /** A query body: {@code object}, {@code fields}, {@code filters}, {@code sort}. */
    public ObjectNode query(String object, List<String> fields, List<List<Object>> filters, String sort) {
        ObjectNode body = json.createObjectNode().put("object", object);
        body.set("fields", json.valueToTree(fields));
        if (filters != null && !filters.isEmpty()) {
            body.set("filters", json.valueToTree(filters));
        }
        if (sort != null) {
            body.put("sort", sort);
        }
        return body;
    }

    /** One page of a query. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = CrmException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = CrmException.class)
    public Uni<JsonNode> page(String authorization, ObjectNode body) {
        return api.query(authorization, body).onFailure(WebApplicationException.class)
                .transform(CrmData::translate);
    }

    /** An object's access settings (records-service: sharing, each role's permissions), asked as the caller. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = CrmException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = CrmException.class)
    public Uni<JsonNode> permissions(String authorization, String object) {
        return access.permissions(authorization, object).onFailure(WebApplicationException.class)
                .transform(CrmData::translate);
    }

    /** Every record of a query, following nextCursor, at most {@code max}. */
    public Uni<List<JsonNode>> all(String authorization, ObjectNode body, int max) {
        List<JsonNode> records = new ArrayList<>();
        return next(authorization, body.deepCopy().put("limit", PAGE), records, max);
    }

    private Uni<List<JsonNode>> next(String authorization, ObjectNode body, List<JsonNode> records, int max) {
        return page(authorization, body).flatMap(page -> {
            page.path("records").forEach(records::add);
            String cursor = page.path("nextCursor").asText(null);
            if (cursor == null || records.size() >= max) {
                return Uni.createFrom().item(records.size() > max ? records.subList(0, max) : records);
            }
            return next(authorization, body.deepCopy().put("cursor", cursor), records, max);
        });
    }

    /**
     * The newest {@value #PAGE} activities matching {@code filters} (one page: a request waits on one read of them),
     * with what the built-in text reads of them: the competitors they name, the latest one's date and tone. The models'
     * features come from the outcome store, which has every activity.
     */
    public Uni<List<JsonNode>> activities(String authorization, List<List<Object>> filters) {
        return firstPage(authorization, query("Activity", List.of("WhatId", "WhoId", "Type", "Subject", "Description",
                "ActivityDate", "CreatedDate", "Sentiment"), filters, "-CreatedDate"));
    }

    /**
     * The first {@value #PAGE} records of a query (sort it newest first): what a request reads of a data source that
     * may hold more, in one round trip.
     */
    public Uni<List<JsonNode>> firstPage(String authorization, ObjectNode body) {
        // all() stops once it has max records: one page of PAGE
        return all(authorization, body, PAGE);
    }

    /** An id taken from a request body: a VALIDATION_ERROR on {@code field} unless it is a well-formed record id. */
    public static String requireId(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        if (value == null || !value.isTextual()) {
            throw CrmException.validation(field, field + " is required, e.g. \"acc_01J...\"");
        }
        if (!RecordIds.isWellFormed(value.asText())) {
            throw CrmException.validation(field, field + " must be a record id such as \"acc_01JH6Q3Z8K4W2N7M5B9C0D1E2F\"");
        }
        return value.asText();
    }

    /** One record by id, or NOT_FOUND (also when it exists but the caller may not see it). */
    public Uni<JsonNode> one(String authorization, String object, String id, List<String> fields) {
        if (!RecordIds.isWellFormed(id)) {
            // not an id at all (a NUL, 300 characters): nothing to ask query-service, and nothing to echo
            return Uni.createFrom().failure(CrmException.notFound("No " + object + " with that id"));
        }
        ObjectNode body = query(object, fields, List.of(List.of("Id", "=", id)), null);
        return page(authorization, body).map(page -> {
            JsonNode records = page.path("records");
            if (records.isEmpty()) {
                throw CrmException.notFound("No " + object + " with id '" + id + "'");
            }
            return records.get(0);
        });
    }

    /**
     * Writes a computed field back (a lead's LeadScore) through records-service, as the caller: a 5 s timeout,
     * no retry (a write), the same circuit breaker policy. Their refusals pass through (403, 404).
     */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = CrmException.class)
    public Uni<JsonNode> writeBack(String authorization, String path, String id, ObjectNode values) {
        return records.writeComputed(authorization, path, id, values).onFailure(WebApplicationException.class)
                .transform(CrmData::translate);
    }

    private static Throwable translate(Throwable failure) {
        int status = ((WebApplicationException) failure).getResponse().getStatus();
        return switch (status) {
            case 401 -> CrmException.authentication("Your token was not accepted by the CRM data service");
            case 403 -> CrmException.permission("Your role may not read or change the records this needs");
            case 404 -> CrmException.notFound("The records this needs were not found");
            case 400 -> {
                LOG.errorf("query-service refused a query of ai-service: %s", failure.getMessage());
                yield new CrmException(ErrorCode.SERVER_ERROR, "The AI service asked the CRM data service a bad question");
            }
            default -> status >= 500 ? new jakarta.ws.rs.ProcessingException("query-service answered " + status) : failure;
        };
    }
}
