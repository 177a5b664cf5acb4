package com.hotcrm.webhook.rest;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorMappers;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.webhook.service.WebhookService;

import io.smallrye.mutiny.Uni;

/** The seed's Webhook Endpoints, with the delivery log, retries and a test ping. */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private static final int MAX_LIMIT = 200;
    private static final int MAX_OFFSET = 100_000;

    private final WebhookService service;
    private final JsonWebToken jwt;

    public WebhookResource(WebhookService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @GET
    public Uni<WebhookView.Page> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        int l = limit(limit);
        int o = offset(offset);
        return service.list(caller(), l, o).map(page -> new WebhookView.Page(
                page.rows().stream().map(e -> WebhookView.of(e, null)).toList(), page.total(),
                o + page.rows().size() < page.total(), l, o));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@NotNull(message = ErrorMappers.NO_BODY) @Valid NewWebhook body) {
        return service.create(caller(), body).map(saved -> Response.status(201)
                .header("Location", "/v1/webhooks/" + saved.endpoint().id())
                .entity(WebhookView.of(saved.endpoint(), saved.secret())).build());
    }

    @GET
    @Path("/{id}")
    public Uni<WebhookView> get(@PathParam("id") String id) {
        return service.get(caller(), id).map(e -> WebhookView.of(e, null));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<WebhookView> update(@PathParam("id") String id,
            @NotNull(message = ErrorMappers.NO_BODY) @Valid WebhookChanges body) {
        return service.update(caller(), id, body).map(saved -> WebhookView.of(saved.endpoint(), saved.secret()));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Map<String, Object>> delete(@PathParam("id") String id) {
        return service.delete(caller(), id)
                .replaceWith(Map.of("success", true, "message", "Webhook deleted successfully"));
    }

    @GET
    @Path("/{id}/deliveries")
    public Uni<DeliveryView.Page> deliveries(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        if (status != null && !status.equals("pending") && !status.equals("succeeded") && !status.equals("failed")) {
            throw CrmException.validation("status", "status must be pending, succeeded or failed");
        }
        int l = limit(limit);
        int o = offset(offset);
        return service.deliveries(caller(), id, status, l, o).map(page -> new DeliveryView.Page(
                page.rows().stream().map(DeliveryView::of).toList(), page.total(), o + page.rows().size() < page.total(),
                l, o));
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/retry")
    public Uni<Response> retry(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return service.retry(caller(), id, deliveryId)
                .map(d -> Response.status(202).entity(DeliveryView.of(d)).build());
    }

    @POST
    @Path("/{id}/test")
    public Uni<Response> test(@PathParam("id") String id) {
        return service.test(caller(), id).map(d -> Response.status(202).entity(DeliveryView.of(d)).build());
    }

    private Caller caller() {
        return Caller.of(jwt);
    }

    private static int limit(String value) {
        return bounded("limit", value, 50, 1, MAX_LIMIT);
    }

    private static int offset(String value) {
        return bounded("offset", value, 0, 0, MAX_OFFSET);
    }

    private static int bounded(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw CrmException.validation(name, name + " must be a whole number from " + min + " to " + max);
    }
}
