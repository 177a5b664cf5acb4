package com.hotcrm.gateway.proxy;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.hotcrm.gateway.config.GatewayConfig;
import com.hotcrm.gateway.idempotency.IdempotencyKeys;
import com.hotcrm.gateway.openapi.OpenApiDocument;
import com.hotcrm.gateway.ratelimit.Decision;
import com.hotcrm.gateway.ratelimit.RateLimits;
import com.hotcrm.gateway.security.AuthFailure;
import com.hotcrm.gateway.security.Authenticator;
import com.hotcrm.gateway.security.Identity;
import com.hotcrm.gateway.routing.RouteTable;
import com.hotcrm.gateway.routing.Upstream;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.web.ErrorResponses;

import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;

/**
 * Mounts {@code /v1/*} on the gateway's router: each request is matched against the {@link RouteTable},
 * authenticated (every route but login, refresh, logout and the JWKS), counted against its token's rate
 * limit, and streamed to its service by a reverse proxy (one connection pool and circuit breaker per
 * service), or answered here in the error envelope (401, 404, 405, 429, 503).
 */
@ApplicationScoped
public class GatewayRouter {

    static final String PREFIX = "/v1";
    static final String OPENAPI = "/openapi.json";
    /** Public routes that check a credential: limited per client IP against password guessing. */
    private static final Set<String> CREDENTIAL_CHECKS = Set.of("POST /auth/token", "POST /auth/refresh");

    private final RouteTable table = RouteTable.standard();
    private final Map<Upstream, HttpProxy> proxies = new EnumMap<>(Upstream.class);
    /** Requests in flight to each service: past {@code max-in-flight-per-service}, more are shed with 503. */
    private final Map<Upstream, AtomicInteger> inFlight = new EnumMap<>(Upstream.class);
    private final int maxInFlight;
    private final int maxUriLength;
    private final Authenticator authenticator;
    private final RateLimits rateLimits;
    private final ClientAddresses clients;
    private final OpenApiDocument openApi;
    private final IdempotencyKeys idempotency;

    GatewayRouter(Vertx vertx, GatewayConfig config, Authenticator authenticator, RateLimits rateLimits,
            ClientAddresses clients, OpenApiDocument openApi, IdempotencyKeys idempotency) {
        this.authenticator = authenticator;
        this.idempotency = idempotency;
        this.openApi = openApi;
        this.rateLimits = rateLimits;
        this.clients = clients;
        this.maxInFlight = config.maxInFlightPerService();
        this.maxUriLength = config.maxUriLength();
        for (Upstream upstream : Upstream.values()) {
            proxies.put(upstream, proxyTo(vertx, config, upstream, clients, idempotency));
            inFlight.put(upstream, new AtomicInteger());
        }
    }

    void install(@Observes Router router) {
        router.get(PREFIX + OPENAPI).handler(this::openApi);
        router.get("/q/openapi").handler(this::openApi);
        router.route(PREFIX + "/*").handler(this::route);
    }

    /**
     * The merged OpenAPI document ({@link OpenApiDocument}): without a token the public one (standard objects);
     * with one, verified and counted like any request, the caller's (their organisation's objects and fields).
     */
    private void openApi(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || ctx.normalizedPath().startsWith("/q/")) {
            answer(ctx, openApi.document(null));
            return;
        }
        admitToken(request).onComplete(admitted -> {
            if (admitted.failed()) {
                refuse(ctx.response(), admitted.cause());
                return;
            }
            Admitted token = admitted.result();
            if (token.decision() == null || withinLimit(ctx, token.decision())) {
                // an API token travels on as the JWT it was exchanged for, as on every route
                answer(ctx, openApi.document("Bearer " + token.identity().accessToken()));
            }
        });
    }

    /** A verified token and its rate-limit decision (null for an unlimited tier). */
    private record Admitted(Identity identity, Decision decision) {
    }

    /** Verifies the request's token (exchanging an API token) and counts it against its rate limit. */
    private Future<Admitted> admitToken(HttpServerRequest request) {
        return authenticator.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION), clients.of(request))
                .compose(identity -> rateLimits.forToken(identity).map(decision -> new Admitted(identity, decision)));
    }

    private static void answer(RoutingContext ctx, Future<JsonObject> document) {
        document.onComplete(made -> {
            if (made.succeeded()) {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                        .end(made.result().toBuffer());
            } else if (made.cause() instanceof OpenApiDocument.UpstreamAnswer answer && answer.status() < 500) {
                // records-service refused the caller's metadata (401, 403): its envelope, as it said it
                ctx.response().setStatusCode(answer.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(answer.body());
            } else {
                ErrorResponses.write(ctx.response(), 503, ErrorCode.SERVER_ERROR,
                        "The records-service did not describe the objects; try again shortly");
            }
        });
    }

    private void route(RoutingContext ctx) {
        int uriLength = ctx.request().uri().length();
        if (uriLength > maxUriLength) {
            ErrorResponses.write(ctx.response(), 414, ErrorCode.VALIDATION_ERROR, "The request line is " + uriLength
                    + " characters long; the limit is " + maxUriLength + ": send long filters in the body of POST /v1/query");
            return;
        }
        // the gateway's own marker of a keyed call (IdempotencyKeys), never a client's
        ctx.request().headers().remove(IdempotencyKeys.MARKER);
        String path = ctx.normalizedPath().substring(PREFIX.length());
        String method = ctx.request().method().name();
        RouteTable.Resolution resolution = table.resolve(method, path);
        if (resolution instanceof RouteTable.Routed routed) {
            String route = method + " " + path;
            HttpProxy proxy = proxies.get(routed.upstream());
            HttpServerRequest request = ctx.request();
            request.pause();
            Future<Admitted> admitted;
            if (CREDENTIAL_CHECKS.contains(route)) {
                admitted = rateLimits.forLogin(clients.of(request)).map(decision -> new Admitted(null, decision));
            } else if (RouteTable.isPublic(method, path)) {
                admitted = Future.succeededFuture(new Admitted(null, null));
            } else {
                admitted = admitToken(request).onSuccess(token -> {
                    // the services verify this token again; API tokens travel as their exchanged JWT
                    request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token.identity().accessToken());
                });
            }
            admitted.onComplete(result -> {
                if (result.failed()) {
                    request.resume();
                    refuse(ctx.response(), result.cause());
                    return;
                }
                Admitted token = result.result();
                if (token.decision() != null && !withinLimit(ctx, token.decision())) {
                    request.resume();
                    return;
                }
                // a write with an Idempotency-Key, by a known caller: run once (IdempotencyKeys)
                if (token.identity() != null && IdempotencyKeys.applies(request)) {
                    idempotency.admit(request, token.identity().subject()).onSuccess(call -> {
                        if (call == null) {
                            return;
                        }
                        idempotency.attach(request, call);
                        // a client gone before its request was sent (or one shed at capacity) leaves the key free
                        ctx.addEndHandler(done -> {
                            IdempotencyKeys.Call left = idempotency.peek(request);
                            if (left != null && !left.sent().get()) {
                                idempotency.release(idempotency.detach(request));
                            }
                        });
                        if (!ctx.response().closed()) {
                            forward(ctx, routed.upstream(), proxy, IdempotentAnswers.alreadyRead(request));
                        } else {
                            idempotency.release(idempotency.detach(request));
                        }
                    });
                    return;
                }
                forward(ctx, routed.upstream(), proxy, request);
            });
        } else if (resolution instanceof RouteTable.MethodNotAllowed notAllowed) {
            String allowed = String.join(", ", notAllowed.allowed());
            ctx.response().putHeader("Allow", allowed);
            ErrorResponses.write(ctx.response(), ErrorCode.METHOD_NOT_ALLOWED,
                    method + " is not allowed on " + ctx.normalizedPath() + "; use " + allowed);
        } else {
            ErrorResponses.write(ctx.response(), ErrorCode.NOT_FOUND, "No resource at " + method + " " + ctx.normalizedPath());
        }
    }

    /**
     * Hands the request to the service's proxy ({@code proxied}: the request itself, or for a keyed call the request
     * whose body the router has read), unless the service already has as many in flight as it may: then 503 with
     * Retry-After at once, rather than a queue that grows until every caller times out.
     */
    private void forward(RoutingContext ctx, Upstream upstream, HttpProxy proxy, HttpServerRequest proxied) {
        AtomicInteger busy = inFlight.get(upstream);
        HttpServerRequest request = ctx.request();
        if (busy.incrementAndGet() > maxInFlight) {
            busy.decrementAndGet();
            request.resume();
            Metrics.counter("hotcrm.gateway.shed", "service", upstream.serviceName()).increment();
            ErrorResponses.write(ctx.response(), 503, ErrorCode.SERVER_ERROR, "The " + upstream.serviceName()
                    + " is at capacity (" + maxInFlight + " requests in flight); try again shortly");
            return;
        }
        // a call holding an Idempotency-Key is detached by IdempotentAnswers when the service answers, even if the
        // client has hung up by then: that is when its answer must be stored
        ctx.addEndHandler(done -> busy.decrementAndGet());
        proxy.handle(proxied);
    }

    private static void refuse(HttpServerResponse response, Throwable cause) {
        if (cause instanceof AuthFailure failure) {
            if (failure.status() == 401) {
                response.putHeader("WWW-Authenticate", "Bearer realm=\"hotcrm\"");
            }
            if (failure.retryAfterSeconds() > 0) {
                response.putHeader("Retry-After", Long.toString(failure.retryAfterSeconds()));
            }
            ErrorResponses.write(response, failure.status(), failure.code(), failure.getMessage());
        } else {
            ErrorResponses.write(response, 503, ErrorCode.SERVER_ERROR, "The gateway cannot admit requests right now; try again shortly");
        }
    }

    /** Sets the rate-limit headers; past the limit, answers 429 with Retry-After and says false. */
    private static boolean withinLimit(RoutingContext ctx, Decision decision) {
        rateLimitHeaders(ctx.response(), decision);
        if (!decision.allowed()) {
            ctx.response().putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
            ErrorResponses.write(ctx.response(), ErrorCode.RATE_LIMIT_ERROR, "Rate limit of " + decision.limit()
                    + " requests exceeded; retry after " + decision.retryAfterSeconds() + " seconds");
            return false;
        }
        return true;
    }

    private static void rateLimitHeaders(HttpServerResponse response, Decision decision) {
        response.putHeader("X-RateLimit-Limit", Long.toString(decision.limit()))
                .putHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()))
                .putHeader("X-RateLimit-Reset", Long.toString(decision.resetEpochSecond()));
    }

    private static HttpProxy proxyTo(Vertx vertx, GatewayConfig config, Upstream upstream, ClientAddresses clients,
            IdempotencyKeys idempotency) {
        RequestOptions origin = config.origin(upstream)
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.responseTimeout().toMillis());
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(config.maxConnectionsPerService())
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setSsl(origin.isSsl()));
        return HttpProxy.reverseProxy(client)
                .originRequestProvider((request, c) -> {
                    Future<HttpClientRequest> sent = c.request(new RequestOptions(origin));
                    return idempotency.peek(request) == null ? sent : sent.map(IdempotentAnswers::keptOpen);
                })
                // answers pass the interceptors in reverse order: IdempotentAnswers stores what UpstreamErrors made
                .addInterceptor(new IdempotentAnswers(idempotency))
                .addInterceptor(new UpstreamErrors(upstream, config.breaker(), clients));
    }
}
