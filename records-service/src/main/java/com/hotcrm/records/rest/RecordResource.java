package com.hotcrm.records.rest;

import java.util.Map;
import java.util.OptionalLong;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.records.repository.RecordRepository.StoredRecord;
import com.hotcrm.records.service.RecordService;

import io.smallrye.mutiny.Uni;

/** The seed's Standard CRUD Operations on one record: create, get by id, update, replace, delete. */
@Path("/v1/{object}")
@Produces(MediaType.APPLICATION_JSON)
public class RecordResource {

    public record Deleted(boolean success, String message) {
    }

    private final RecordService service;
    private final JsonWebToken jwt;

    public RecordResource(RecordService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@PathParam("object") String object, ObjectNode body) {
        return service.create(object, body, actor())
                // relative to the API's root: this service's own address means nothing behind the gateway
                .map(r -> withETag(Response.status(Response.Status.CREATED).header("Location", "/v1/" + object + "/" + r.id()), r));
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("object") String object, @PathParam("id") String id,
            @QueryParam("fields") String fields) {
        return service.get(object, id, fields, actor()).map(r -> withETag(Response.ok(), r));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> update(@PathParam("object") String object, @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch, ObjectNode body) {
        return service.update(object, id, body, version(ifMatch), actor()).map(r -> withETag(Response.ok(), r));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> replace(@PathParam("object") String object, @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch, ObjectNode body) {
        return service.replace(object, id, body, version(ifMatch), actor()).map(r -> withETag(Response.ok(), r));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Deleted> delete(@PathParam("object") String object, @PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch) {
        return service.delete(object, id, version(ifMatch), actor())
                .replaceWith(new Deleted(true, "Record deleted successfully"));
    }

    private static Response withETag(Response.ResponseBuilder builder, StoredRecord record) {
        Map<String, Object> body = record.values();
        return builder.tag(new EntityTag(Long.toString(record.version()))).entity(body).build();
    }

    /** The version an If-Match names: {@code "3"} or {@code W/"3"}; {@code *} means any. */
    static OptionalLong version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return OptionalLong.empty();
        }
        String tag = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return OptionalLong.of(Long.parseLong(tag));
        } catch (NumberFormatException e) {
            throw new CrmException(ErrorCode.PRECONDITION_FAILED, "If-Match must be an ETag this API returned, like \"3\"");
        }
    }

    /** Who is calling: the user of the verified access token, with their roles. */
    private Caller actor() {
        return Caller.of(jwt);
    }
}
