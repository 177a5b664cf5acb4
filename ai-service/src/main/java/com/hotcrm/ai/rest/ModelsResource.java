package com.hotcrm.ai.rest;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.ai.outcome.ModelReports;
import com.hotcrm.ai.outcome.ModelTrainer;
import com.hotcrm.ai.outcome.OutcomeBackfill;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.Roles;

import io.smallrye.mutiny.Uni;

/**
 * The models trained from the organisation's outcomes. Admins and sales managers read them (they describe every
 * deal's outcome in aggregate); only an admin trains one at once.
 */
@Path("/v1/ai/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final ModelReports reports;
    private final ModelTrainer trainer;
    private final OutcomeBackfill backfill;
    private final JsonWebToken jwt;

    ModelsResource(ModelReports reports, ModelTrainer trainer, OutcomeBackfill backfill, JsonWebToken jwt) {
        this.reports = reports;
        this.trainer = trainer;
        this.backfill = backfill;
        this.jwt = jwt;
    }

    /**
     * Admins: fill the outcome store from the records themselves (what happened before the change topic's oldest
     * event), in the background: 202 and the status; while one runs here, its status.
     */
    @POST
    @Path("backfill")
    public Response startBackfill() {
        requireAdmin("backfill the outcome store");
        return Response.accepted(backfill.start(AiCalls.bearer(jwt))).build();
    }

    /** Admins: how far the last backfill on this replica got. */
    @GET
    @Path("backfill")
    public Map<String, Object> backfillStatus() {
        requireAdmin("read the backfill's status");
        return backfill.status();
    }

    private void requireAdmin(String what) {
        if (!Caller.of(jwt).isAdmin()) {
            throw CrmException.permission("Only an admin may " + what);
        }
    }

    @GET
    public Uni<Map<String, Object>> list() {
        Caller caller = Caller.of(jwt);
        if (!caller.isAdmin() && !caller.roles().contains(Roles.SALES_MANAGER)) {
            throw CrmException.permission("Only an admin or a sales manager may read the AI models");
        }
        return reports.report();
    }

    /** Trains a model now, from the outcomes stored so far; {@code trained: false} and why when it cannot. */
    @POST
    @Path("{name}/train")
    public Uni<Map<String, Object>> train(@PathParam("name") String name) {
        requireAdmin("train a model");
        if (!ModelTrainer.MODELS.contains(name)) {
            throw CrmException.notFound("No model named that; the models are " + String.join(" and ", ModelTrainer.MODELS));
        }
        return trainer.train(name);
    }
}
