package com.hotcrm.query.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.platform.error.ErrorMappers;
import com.hotcrm.query.service.QueryService;
import com.hotcrm.query.service.Readers;

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
    private final Readers readers;

    public QueryResource(QueryService queries, JsonWebToken jwt, Readers readers) {
        this.jwt = jwt;
        this.readers = readers;
        this.queries = queries;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<QueryService.Page> query(@NotNull(message = ErrorMappers.NO_BODY) @Valid QueryRequest body) {
        return queries.query(body.toListQuery(), readers.of(jwt));
    }
}
