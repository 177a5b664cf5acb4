package com.hotcrm.platform.error;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A resource that fails in each way a real one can, to drive the mappers. */
@Path("/test-errors")
@Produces(MediaType.APPLICATION_JSON)
public class ThrowingResource {

    public record Payload(String name, int amount, List<String> tags) {
    }

    @GET
    @Path("/crm/{code}")
    public String crm(@PathParam("code") String code) {
        throw new CrmException(ErrorCode.valueOf(code), "Failed with " + code,
                List.of(ErrorDetail.of("Email", "Email is required")));
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("SELECT secret FROM internals");
    }

    @POST
    @Path("/echo")
    @Consumes(MediaType.APPLICATION_JSON)
    public Payload echo(Payload payload) {
        return payload;
    }
}
