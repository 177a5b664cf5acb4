package com.hotcrm.records.rest;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.records.service.RecordService;

import io.smallrye.mutiny.Uni;

/**
 * Internal (the gateway never routes {@code /internal}): ai-service writes back what it computed — a lead's
 * {@code LeadScore} — with the caller's own token, so it takes the caller's edit rights on the record, and
 * the change is versioned and published like any other.
 */
@Path("/internal/records/{object}/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class ComputedFieldsResource {

    private final RecordService service;
    private final JsonWebToken jwt;

    public ComputedFieldsResource(RecordService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> write(@PathParam("object") String object, @PathParam("id") String id, ObjectNode body) {
        return service.writeComputed(object, id, body, Caller.of(jwt)).map(record -> record.values());
    }
}
