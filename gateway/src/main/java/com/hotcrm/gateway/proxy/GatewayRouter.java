package com.hotcrm.gateway.proxy;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.hotcrm.gateway.config.GatewayConfig;
import com.hotcrm.gateway.routing.RouteTable;
import com.hotcrm.gateway.routing.Upstream;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.web.ErrorResponses;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;

/**
 * Mounts {@code /v1/*} on the gateway's router: each request is matched against the {@link RouteTable} and
 * streamed to its service by a reverse proxy (one connection pool per service), or answered here with
 * 404 or 405 in the error envelope.
 */
@ApplicationScoped
public class GatewayRouter {

    static final String PREFIX = "/v1";

    private final RouteTable table = RouteTable.standard();
    private final Map<Upstream, HttpProxy> proxies = new EnumMap<>(Upstream.class);

    GatewayRouter(Vertx vertx, GatewayConfig config) {
        for (Upstream upstream : Upstream.values()) {
            proxies.put(upstream, proxyTo(vertx, config, upstream));
        }
    }

    void install(@Observes Router router) {
        router.route(PREFIX + "/*").handler(this::route);
    }

    private void route(RoutingContext ctx) {
        String path = ctx.normalizedPath().substring(PREFIX.length());
        String method = ctx.request().method().name();
        RouteTable.Resolution resolution = table.resolve(method, path);
        if (resolution instanceof RouteTable.Routed routed) {
            proxies.get(routed.upstream()).handle(ctx.request());
        } else if (resolution instanceof RouteTable.MethodNotAllowed notAllowed) {
            String allowed = String.join(", ", notAllowed.allowed());
            ctx.response().putHeader("Allow", allowed);
            ErrorResponses.write(ctx.response(), ErrorCode.METHOD_NOT_ALLOWED,
                    method + " is not allowed on " + ctx.normalizedPath() + "; use " + allowed);
        } else {
            ErrorResponses.write(ctx.response(), ErrorCode.NOT_FOUND, "No resource at " + method + " " + ctx.normalizedPath());
        }
    }

    private static HttpProxy proxyTo(Vertx vertx, GatewayConfig config, Upstream upstream) {
        URI url = config.url(upstream);
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : (tls ? 443 : 80);
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(config.maxConnectionsPerService())
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setSsl(tls));
        RequestOptions origin = new RequestOptions()
                .setHost(url.getHost())
                .setPort(port)
                .setSsl(tls)
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.responseTimeout().toMillis());
        return HttpProxy.reverseProxy(client)
                .originRequestProvider((request, c) -> c.request(new RequestOptions(origin)))
                .addInterceptor(new UpstreamErrors(upstream));
    }
}
