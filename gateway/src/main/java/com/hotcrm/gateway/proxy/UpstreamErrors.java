package com.hotcrm.gateway.proxy;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;

import java.util.concurrent.TimeoutException;

import jakarta.enterprise.util.TypeLiteral;

import org.jboss.logging.Logger;

import com.hotcrm.gateway.config.GatewayConfig;
import com.hotcrm.gateway.routing.Upstream;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.error.ErrorEnvelope;
import com.hotcrm.platform.web.RequestIds;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Wraps every proxied call: tells the service who the client is ({@code X-Forwarded-*}), goes through the
 * service's circuit breaker, and turns a service that cannot be reached or whose breaker is open (503) or
 * that does not answer in time (504) into the error envelope instead of the proxy's bare 502.
 */
final class UpstreamErrors implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(UpstreamErrors.class);
    private static final String FAILURE = "hotcrm.upstream-failure";

    private final Upstream upstream;
    private final TypedGuard<CompletionStage<ProxyResponse>> breaker;
    private final ClientAddresses clients;

    UpstreamErrors(Upstream upstream, GatewayConfig.Breaker settings, ClientAddresses clients) {
        this.upstream = upstream;
        this.clients = clients;
        // every failure of a call is a transport failure (no connection, no answer in time); a 5xx answer
        // is an answer and does not count
        this.breaker = TypedGuard.create(new TypeLiteral<CompletionStage<ProxyResponse>>() {
        }).withCircuitBreaker()
                .name("gateway-" + upstream.serviceName())
                .requestVolumeThreshold(settings.requestVolumeThreshold())
                .failureRatio(settings.failureRatio())
                .delay(settings.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .onStateChange(state -> LOG.infof("Circuit breaker of %s is now %s", upstream.serviceName(), state))
                .done()
                .build();
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        HttpServerRequest client = context.request().proxiedRequest();
        var headers = context.request().headers();
        // what a client wrote there itself is not passed on (see ClientAddresses)
        headers.set(ClientAddresses.HEADER, clients.forwardedFor(client));
        headers.set("X-Forwarded-Proto", client.scheme() == null ? "http" : client.scheme());
        if (client.authority() != null) {
            headers.set("X-Forwarded-Host", client.authority().toString());
        }
        Future<ProxyResponse> sent;
        try {
            sent = Future.fromCompletionStage(breaker.call(() -> context.sendRequest().toCompletionStage()),
                    Vertx.currentContext());
        } catch (Exception open) {
            sent = Future.failedFuture(open);
        }
        return sent.onFailure(failure -> context.set(FAILURE, failure));
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        ProxyResponse response = context.response();
        // the gateway already set the same id on its response
        response.headers().remove(RequestIds.HEADER);
        Throwable failure = context.get(FAILURE, Throwable.class);
        if (failure != null) {
            boolean timedOut = isTimeout(failure);
            String requestId = RequestIds.of(context.request().proxiedRequest());
            LOG.warnf("Request %s to %s failed: %s", requestId, upstream.serviceName(), failure.toString());
            int status = timedOut ? 504 : 503;
            String message = timedOut
                    ? "The " + upstream.serviceName() + " did not answer in time; try again shortly (request id " + requestId + ")"
                    : "The " + upstream.serviceName() + " is unavailable; try again shortly (request id " + requestId + ")";
            Buffer body = Buffer.buffer(Json.encode(ErrorEnvelope.of(ErrorCode.SERVER_ERROR, message)));
            response.setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .setBody(Body.body(body));
        }
        return context.sendResponse();
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
