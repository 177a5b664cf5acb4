package com.hotcrm.query.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.query.service.ListQuery;
import com.hotcrm.query.service.QueryService;
import com.hotcrm.query.service.Reader;

import io.smallrye.mutiny.Uni;

/**
 * The seed's Query Endpoint: {@code object}, {@code fields}, {@code filters}, {@code sort}, {@code limit},
 * {@code offset}, and {@code related} child relationships nested in each record.
 */
@Path("/v1/query")
@Produces(MediaType.APPLICATION_JSON)
public class QueryResource {

    private final QueryService queries;

    private final JsonWebToken jwt;
    private final AccessPolicy access;

    public QueryResource(QueryService queries, JsonWebToken jwt, AccessPolicy access) {
        this.jwt = jwt;
        this.access = access;
        this.queries = queries;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<QueryService.Page> query(ObjectNode body) {
        if (body == null) {
            throw CrmException.validation("A JSON object body is required", java.util.List.of());
        }
        return queries.query(new ListQuery(text(body.get("object")), body.get("fields"), body.get("filters"), body.get("sort"),
                number(body.get("limit"), "limit"), number(body.get("offset"), "offset"), body.get("related"),
                "exact".equals(text(body.get("count"))), text(body.get("cursor"))), new Reader(Caller.of(jwt), access));
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static Integer number(JsonNode node, String name) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw CrmException.validation(name, name + " must be a whole number");
        }
        return node.asInt();
    }
}
