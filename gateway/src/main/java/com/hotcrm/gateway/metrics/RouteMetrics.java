package com.hotcrm.gateway.metrics;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.hotcrm.gateway.routing.RouteTable;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Rate, errors and latency per gateway route: {@code hotcrm.gateway.requests} (a timer with a latency
 * histogram) tagged with the route as DESIGN.md's table names it ({@code /{object}/{id}}, {@code /query},
 * {@code /auth/**}...), the service it went to, the method, the status and its outcome. Paths are reduced
 * to their route so that ids never become label values.
 */
@ApplicationScoped
public class RouteMetrics {

    private static final String PREFIX = "/v1";

    private final RouteTable table = RouteTable.standard();
    private final MeterRegistry registry;
    /** The timers by their tags: built once each, not looked up through a builder on every request. */
    private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

    private record Series(String route, String upstream, String method, int status) {
    }

    RouteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void install(@Observes Router router) {
        router.route(PREFIX + "/*").order(Integer.MIN_VALUE + 2).handler(this::measure);
    }

    private void measure(RoutingContext ctx) {
        String path = ctx.normalizedPath().substring(PREFIX.length());
        String method = ctx.request().method().name();
        long started = System.nanoTime();
        ctx.addEndHandler(done -> timers
                .computeIfAbsent(new Series(route(path), upstream(method, path), method, ctx.response().getStatusCode()),
                        this::timer)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
        ctx.next();
    }

    private Timer timer(Series series) {
        return Timer.builder("hotcrm.gateway.requests")
                .description("Requests through the gateway, per route")
                .tags("route", series.route(), "upstream", series.upstream(), "method", series.method(),
                        "status", Integer.toString(series.status()), "outcome", outcome(series.status()))
                .register(registry);
    }

    private String upstream(String method, String path) {
        return table.resolve(method, path) instanceof RouteTable.Routed routed
                ? routed.upstream().name().toLowerCase(java.util.Locale.ROOT)
                : "none";
    }

    /** The route template of a path below /v1: reserved first segments by name, object paths by shape. */
    static String route(String path) {
        String[] s = Arrays.stream(path.split("/")).filter(x -> !x.isEmpty()).toArray(String[]::new);
        if (s.length == 0) {
            return "/";
        }
        if (RouteTable.RESERVED_OBJECTS.contains(s[0])) {
            return "/" + s[0] + (s.length > 1 ? "/**" : "");
        }
        return switch (s.length) {
            case 1 -> "/{object}";
            case 2 -> RouteTable.RESERVED_IDS.contains(s[1]) ? "/{object}/" + s[1] : "/{object}/{id}";
            case 3 -> "sum".equals(s[1]) || "avg".equals(s[1]) ? "/{object}/" + s[1] + "/{field}" : "/{object}/**";
            default -> "/{object}/**";
        };
    }

    private static String outcome(int status) {
        if (status >= 500) {
            return "SERVER_ERROR";
        }
        if (status >= 400) {
            return "CLIENT_ERROR";
        }
        return "SUCCESS";
    }
}
