package com.hotcrm.records.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.platform.security.Caller;
import com.hotcrm.records.service.ChangeFeedService;

import io.smallrye.mutiny.Uni;

/** The change feed: record changes in commit order after a cursor (see {@link ChangeFeedService}). */
@Path("/v1/changes")
@Produces(MediaType.APPLICATION_JSON)
public class ChangeFeedResource {

    private final ChangeFeedService changes;
    private final JsonWebToken jwt;

    public ChangeFeedResource(ChangeFeedService changes, JsonWebToken jwt) {
        this.changes = changes;
        this.jwt = jwt;
    }

    /**
     * @param object the API names of the objects to follow, comma-separated (Account,Contact)
     * @param since  a cursor from this feed, or {@code now} (no changes, a cursor at the head); absent: the oldest kept
     * @param limit  1 to 1000, default 100
     */
    @GET
    public Uni<ChangeFeedService.Changes> changes(@QueryParam("object") String object, @QueryParam("since") String since,
            @QueryParam("limit") String limit) {
        return changes.changes(object, since, limit, Caller.of(jwt));
    }
}
