package com.hotcrm.query.rest;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.hotcrm.platform.error.ErrorMappers;
import com.hotcrm.query.service.GroupByService;
import com.hotcrm.query.service.ListQuery;
import com.hotcrm.query.service.QueryService;
import com.hotcrm.query.service.Reader;
import com.hotcrm.query.service.Readers;

import io.smallrye.mutiny.Uni;

/** The seed's List Records and Aggregation Endpoints on one object. */
@Path("/v1/{object}")
@Produces(MediaType.APPLICATION_JSON)
public class ListResource {

    private final QueryService queries;
    private final GroupByService groups;
    private final ObjectMapper mapper;

    private final JsonWebToken jwt;
    private final Readers readers;

    public ListResource(QueryService queries, GroupByService groups, ObjectMapper mapper, JsonWebToken jwt,
            Readers readers) {
        this.jwt = jwt;
        this.readers = readers;
        this.queries = queries;
        this.groups = groups;
        this.mapper = mapper;
    }

    @GET
    public Uni<QueryService.Page> list(@PathParam("object") String object, @QueryParam("fields") String fields,
            @QueryParam("filters") String filters, @QueryParam("sort") String sort, @QueryParam("limit") String limit,
            @QueryParam("offset") String offset, @QueryParam("count") String count, @QueryParam("cursor") String cursor) {
        ListQuery query = new ListQuery(null, fields == null ? null : TextNode.valueOf(fields),
                QueryParams.json(mapper, "filters", filters), QueryParams.sort(mapper, sort),
                QueryParams.integer("limit", limit), QueryParams.integer("offset", offset), null, "exact".equals(count), cursor);
        return queries.list(object, query, reader());
    }

    @GET
    @Path("/count")
    public Uni<Map<String, Object>> count(@PathParam("object") String object, @QueryParam("filters") String filters) {
        return queries.count(object, QueryParams.json(mapper, "filters", filters), reader());
    }

    @GET
    @Path("/sum/{field}")
    public Uni<Map<String, Object>> sum(@PathParam("object") String object, @PathParam("field") String field,
            @QueryParam("filters") String filters) {
        return queries.aggregate(object, "sum", field, QueryParams.json(mapper, "filters", filters), reader());
    }

    @GET
    @Path("/avg/{field}")
    public Uni<Map<String, Object>> avg(@PathParam("object") String object, @PathParam("field") String field,
            @QueryParam("filters") String filters) {
        return queries.aggregate(object, "avg", field, QueryParams.json(mapper, "filters", filters), reader());
    }

    @POST
    @Path("/groupby")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> groupBy(@PathParam("object") String object,
            @NotNull(message = ErrorMappers.NO_BODY) @Valid GroupByRequest body) {
        return groups.groupBy(object, body, reader());
    }

    private Reader reader() {
        return readers.of(jwt);
    }
}
