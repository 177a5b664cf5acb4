package com.hotcrm.platform.error;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.hotcrm.platform.json.StrictJson;

/** A resource that fails in each way a real one can, to drive the mappers. */
@Path("/test-errors")
@Produces(MediaType.APPLICATION_JSON)
public class ThrowingResource {

    public record Payload(String name, int amount, List<String> tags) {
    }

    /** A typed PATCH-style body as the services declare theirs. */
    @StrictJson
    public record Patch(@JsonProperty("Name") @NotNull(message = "Name is required") String name, Optional<@Size(max = 5, message = "title must be at most 5 characters") String> title,
            Boolean active, @Positive(message = "count must be positive") Integer count) {
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

    /** Says what the body held: for title, whether it was left out, sent as null, or sent. */
    @POST
    @Path("/strict")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> strict(@NotNull(message = "Send a JSON object as the request body") @Valid Patch body) {
        return Map.of("Name", body.name(), "title", body.title() == null ? "absent" : body.title().orElse("cleared"));
    }
}
