package com.hotcrm.platform.event;

import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.security.Caller;

import io.smallrye.mutiny.Uni;

/**
 * The admin endpoints over a service's dead letters, shared by every service with a consumer: a service
 * subclasses it with {@code @Path("/v1/admin/dead-letters/<service>")} (the gateway routes that path to it).
 * {@code GET} lists the parked events not replayed yet, oldest first; {@code POST {id}/replay} runs one through
 * its consumer again now (200 and it leaves the list; 409 with the error when it still fails; 404 when there
 * is no such waiting letter). Admins only: anyone else gets 403 PERMISSION_ERROR.
 */
@Produces(MediaType.APPLICATION_JSON)
public abstract class DeadLetterEndpoints {

    /** The parked events. */
    public record DeadLetterList(List<DeadLetters.Parked> deadLetters) {
    }

    /** A replayed event: it is no longer listed. */
    public record Replayed(long id, String consumer, String eventId, boolean replayed) {
    }

    private final ChangeEventConsumers consumers;
    private final JsonWebToken jwt;

    protected DeadLetterEndpoints(ChangeEventConsumers consumers, JsonWebToken jwt) {
        this.consumers = consumers;
        this.jwt = jwt;
    }

    @GET
    public Uni<DeadLetterList> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        adminOnly();
        return consumers.deadLetters(limit).map(DeadLetterList::new);
    }

    @POST
    @Path("{id}/replay")
    public Uni<Replayed> replay(@PathParam("id") String id) {
        adminOnly();
        long letter;
        try {
            letter = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw CrmException.notFound("No dead letter " + id + ": ids are the numbers GET on the parent path lists");
        }
        return consumers.replay(letter).map(parked -> new Replayed(parked.id(), parked.consumer(), parked.eventId(), true));
    }

    private void adminOnly() {
        if (!Caller.of(jwt).isAdmin()) {
            throw CrmException.permission("Only an admin may read or replay dead letters");
        }
    }
}
