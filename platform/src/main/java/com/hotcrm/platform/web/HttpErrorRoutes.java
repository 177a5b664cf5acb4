package com.hotcrm.platform.web;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.hotcrm.platform.error.ErrorCode;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Router-level plumbing every service shares: the request id on every request and response, a catch-all
 * that answers unknown paths with the NOT_FOUND envelope, and a failure handler that answers what the
 * HTTP layer itself rejects (a body over {@code quarkus.http.limits.max-body-size}, a bad request...) in
 * the envelope too.
 */
@ApplicationScoped
public class HttpErrorRoutes {

    private static final Logger LOG = Logger.getLogger(HttpErrorRoutes.class);

    /** Names the service that answered, for support and tests; the gateway leaves it to the services. */
    public static final String SERVED_BY_HEADER = "X-HotCRM-Served-By";

    private final Optional<MemorySize> maxBodySize;
    private final Optional<String> servedBy;

    HttpErrorRoutes(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            @ConfigProperty(name = "hotcrm.http.served-by") Optional<String> servedBy) {
        this.maxBodySize = maxBodySize;
        this.servedBy = servedBy.filter(s -> !s.isBlank());
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::tagRequest);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
        router.route().order(Integer.MAX_VALUE).handler(this::unknownRoute);
    }

    private void tagRequest(RoutingContext ctx) {
        String id = RequestIds.ensure(ctx.request());
        MDC.put(RequestIds.MDC_KEY, id);
        ctx.response().putHeader(RequestIds.HEADER, id);
        servedBy.ifPresent(name -> ctx.response().putHeader(SERVED_BY_HEADER, name));
        if (declaresTooLargeABody(ctx)) {
            // Quarkus would answer this with an empty 413; say it in the envelope instead
            ctx.response().putHeader("Connection", "close");
            ErrorResponses.write(ctx.response(), ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than the limit of " + maxBodySize.orElseThrow().asLongValue() + " bytes");
            return;
        }
        ctx.next();
    }

    private boolean declaresTooLargeABody(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length == null || maxBodySize.isEmpty()) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > maxBodySize.get().asLongValue();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void unknownRoute(RoutingContext ctx) {
        ErrorResponses.write(ctx.response(), ErrorCode.NOT_FOUND,
                "No resource at " + ctx.request().method() + " " + ctx.normalizedPath());
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status < 400) {
            status = 500;
        }
        if (status >= 500) {
            LOG.errorf(ctx.failure(), "Request %s failed", RequestIds.of(ctx.request()));
        }
        String message = ErrorResponses.messageFor(status);
        if (status >= 500 && status != 503 && status != 504) {
            message = "Internal server error (request id " + RequestIds.of(ctx.request()) + ")";
        }
        ErrorResponses.write(ctx.response(), status, ErrorCode.forStatus(status), message);
    }
}
