package com.hotcrm.platform.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * One log line per API request when it ends: method, path, status and milliseconds. It is logged on the
 * request's context, so it carries the request id and the trace id (console format {@code req=} and
 * {@code trace=}, or the JSON log's {@code mdc}). Health, metrics and OpenAPI under {@code /q/} are not
 * logged. {@code HOTCRM_REQUEST_LOG=false} turns it off.
 */
@ApplicationScoped
public class RequestLog {

    private static final Logger LOG = Logger.getLogger(RequestLog.class);

    private final boolean enabled;

    RequestLog(@ConfigProperty(name = "hotcrm.http.request-log", defaultValue = "true") boolean enabled) {
        this.enabled = enabled;
    }

    void install(@Observes Router router) {
        if (enabled) {
            // after the request id is set (HttpErrorRoutes, Integer.MIN_VALUE), before anything answers
            router.route().order(Integer.MIN_VALUE + 1).handler(this::log);
        }
    }

    private void log(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path == null || path.startsWith("/q/")) {
            ctx.next();
            return;
        }
        long started = System.nanoTime();
        String method = ctx.request().method().name();
        // concatenated, not String.format: this runs for every request, and printf parsing was ~5 % of the
        // gateway's CPU under load
        ctx.addEndHandler(done -> {
            if (LOG.isInfoEnabled()) {
                LOG.info(method + " " + path + " " + ctx.response().getStatusCode() + " "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
        });
        ctx.next();
    }
}
