package com.hotcrm.gateway.proxy;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
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
 *
 * <p>The breaker counts what says the service is broken: no connection, a connection lost, a 5xx answer
 * other than 503. It does not count slowness (a call past the response timeout, or one that waited too long
 * for a pooled connection: the service is busy, not broken, and the concurrency limit in front sheds that
 * load), a client that hung up before its answer, nor the service's own 503: a service that answers 503 is
 * up and says that this request could not be served now (a statement stopped at the database's time limit,
 * a database restarting), with Retry-After. Counting those let a few over-long groupBys cut every caller
 * off query-service. Every 503 carries {@code Retry-After}.
 */
final class UpstreamErrors implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(UpstreamErrors.class);
    private static final String FAILURE = "hotcrm.upstream-failure";

    private final Upstream upstream;
    private final TypedGuard<CompletionStage<ProxyResponse>> breaker;
    private final long retryAfterOpen;
    private final ClientAddresses clients;

    UpstreamErrors(Upstream upstream, GatewayConfig.Breaker settings, ClientAddresses clients) {
        this.upstream = upstream;
        this.retryAfterOpen = Math.max(1, (settings.delay().toMillis() + 999) / 1000);
        this.clients = clients;
        this.breaker = TypedGuard.create(new TypeLiteral<CompletionStage<ProxyResponse>>() {
        }).withCircuitBreaker()
                .name("gateway-" + upstream.serviceName())
                .when(UpstreamErrors::breaksTheService)
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
            sent = Future.fromCompletionStage(breaker.call(() -> context.sendRequest()
                    .recover(failure -> Future.failedFuture(client.response().closed() ? new ClientGone(failure) : failure))
                    .compose(answer -> answer.getStatusCode() >= 500 && answer.getStatusCode() != 503
                            ? Future.failedFuture(new ServerErrorAnswer(answer))
                            : Future.succeededFuture(answer))
                    .toCompletionStage()), Vertx.currentContext())
                    // a 5xx is counted by the breaker, then passed on as the service's own answer
                    .recover(failure -> failure instanceof ServerErrorAnswer answer ? Future.succeededFuture(answer.response)
                            : Future.failedFuture(failure));
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
            if (failure instanceof ClientGone) {
                LOG.debugf("Request %s to %s: %s", requestId, upstream.serviceName(), failure.getMessage());
            } else {
                LOG.warnf("Request %s to %s failed: %s", requestId, upstream.serviceName(), failure.toString());
            }
            int status = timedOut ? 504 : 503;
            String message = timedOut
                    ? "The " + upstream.serviceName() + " did not answer in time; try again shortly (request id " + requestId + ")"
                    : "The " + upstream.serviceName() + " is unavailable; try again shortly (request id " + requestId + ")";
            Buffer body = Buffer.buffer(Json.encode(ErrorEnvelope.of(ErrorCode.SERVER_ERROR, message)));
            response.setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .setBody(Body.body(body));
            if (!timedOut) {
                response.putHeader("Retry-After", Long.toString(isBreakerOpen(failure) ? retryAfterOpen : 1));
            }
        } else if (response.getStatusCode() == 503 && response.headers().get("Retry-After") == null) {
            response.putHeader("Retry-After", "1");
        }
        return context.sendResponse();
    }

    /**
     * Whether the proxied request surely never reached the service: its circuit was open, or no connection was
     * made (refused, timed out connecting, or none free in the pool in time). A request that was sent and then
     * timed out or lost its connection may have been carried out.
     */
    static boolean failed(ProxyContext context) {
        return context.get(FAILURE, Throwable.class) != null;
    }

    /** Whether the service was sent the request and then neither answered in time nor kept the connection. */
    static boolean lostAfterSending(ProxyContext context) {
        Throwable failure = context.get(FAILURE, Throwable.class);
        return failure != null && !neverReached(context) && !isTimeout(failure);
    }

    static boolean neverReached(ProxyContext context) {
        Throwable failure = context.get(FAILURE, Throwable.class);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof CircuitBreakerOpenException || t instanceof java.net.ConnectException
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")
                    || message.contains("getting a connection")) {
                return true;
            }
        }
        return false;
    }

    /** What the breaker counts: the service could not be reached, dropped the call, or answered 5xx but 503. */
    private static boolean breaksTheService(Throwable failure) {
        return !(failure instanceof ClientGone) && !isTimeout(failure);
    }

    /** A 5xx answer (but 503), failed only for the breaker's count and then passed on unchanged. */
    private static final class ServerErrorAnswer extends RuntimeException {
        private final transient ProxyResponse response;

        ServerErrorAnswer(ProxyResponse response) {
            super("answered " + response.getStatusCode(), null, false, false);
            this.response = response;
        }
    }

    /** The client hung up before its answer: nothing the service did wrong. */
    private static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super("the client closed the connection: " + cause.getMessage(), cause, false, false);
        }
    }

    private static boolean isBreakerOpen(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CircuitBreakerOpenException) {
                return true;
            }
        }
        return false;
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
