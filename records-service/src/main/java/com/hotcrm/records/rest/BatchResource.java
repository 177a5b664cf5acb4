package com.hotcrm.records.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.platform.error.ErrorMappers;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.records.service.BatchService;
import com.hotcrm.records.service.BatchService.BatchResult;

import io.smallrye.mutiny.Uni;

/** The seed's Batch Operations: create, update and delete up to 200 records in one request. */
@Path("/v1/batch/{object}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BatchResource {

    private final BatchService batch;
    private final JsonWebToken jwt;

    public BatchResource(BatchService batch, JsonWebToken jwt) {
        this.batch = batch;
        this.jwt = jwt;
    }

    private Caller actor() {
        return Caller.of(jwt);
    }

    @POST
    public Uni<BatchResult> create(@PathParam("object") String object,
            @NotNull(message = ErrorMappers.NO_BODY) @Valid BatchRequest.Create body) {
        return batch.create(object, body, actor());
    }

    @PATCH
    public Uni<BatchResult> update(@PathParam("object") String object,
            @NotNull(message = ErrorMappers.NO_BODY) @Valid BatchRequest.Update body) {
        return batch.update(object, body, actor());
    }

    @DELETE
    public Uni<BatchResult> delete(@PathParam("object") String object,
            @NotNull(message = ErrorMappers.NO_BODY) @Valid BatchRequest.Delete body) {
        return batch.delete(object, body, actor());
    }
}
