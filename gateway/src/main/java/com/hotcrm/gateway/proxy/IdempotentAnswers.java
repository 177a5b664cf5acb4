package com.hotcrm.gateway.proxy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import com.hotcrm.gateway.idempotency.IdempotencyKeys;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.error.ErrorEnvelope;
import com.hotcrm.platform.web.RequestIds;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.http.impl.HttpServerRequestWrapper;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The proxy's side of {@link IdempotencyKeys}: a request that holds a key is sent with the body the router read
 * (to compare retries with) and carried on to the service's answer even if its client hangs up; its final answer, after {@link UpstreamErrors} made it (the interceptors answer
 * in reverse order, so this one is added first), is read whole and stored before it goes to the client, or the
 * key is released when the request never reached the service.
 */
final class IdempotentAnswers implements ProxyInterceptor {

    private final IdempotencyKeys keys;

    IdempotentAnswers(IdempotencyKeys keys) {
        this.keys = keys;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        IdempotencyKeys.Call call = keys.peek(context.request().proxiedRequest());
        if (call == null) {
            return context.sendRequest();
        }
        call.sent().set(true);
        context.request().headers().remove(IdempotencyKeys.MARKER);
        context.request().setBody(Body.body(call.body()));
        return context.sendRequest();
    }

    /**
     * The client's request as the proxy gets it once the router has read its body: nothing left to pause, resume or
     * read (the body goes as {@link Body} from {@link #handleProxyRequest}); an HTTP/2 request refuses even a pause
     * once it has been read.
     */
    static HttpServerRequest alreadyRead(HttpServerRequest request) {
        return new HttpServerRequestWrapper((HttpServerRequestInternal) request) {
            @Override
            public HttpServerRequest pause() {
                return this;
            }

            @Override
            public HttpServerRequest resume() {
                return this;
            }

            @Override
            public HttpServerRequest fetch(long amount) {
                return this;
            }

            @Override
            public HttpServerRequest handler(Handler<Buffer> handler) {
                return this;
            }

            @Override
            public HttpServerRequest endHandler(Handler<Void> handler) {
                return this;
            }
        };
    }

    /**
     * The service's request of a keyed call, which the client hanging up does not stop: the proxy resets it then
     * ({@code reset(0, cause)}), and the service might stop half-way or not at all; carried on, its answer is
     * stored for the client's retry (a client that timed out is the reason for the key). Every other method,
     * {@code reset()} on a failed answer included, is the request's own.
     */
    static HttpClientRequest keptOpen(HttpClientRequest request) {
        return (HttpClientRequest) Proxy.newProxyInstance(HttpClientRequest.class.getClassLoader(),
                new Class<?>[] { HttpClientRequest.class }, (self, method, args) -> {
                    if (method.getName().equals("reset") && args != null && args.length == 2) {
                        return false;
                    }
                    try {
                        Object result = method.invoke(request, args);
                        // fluent calls go on with the wrapper, so that a later reset reaches it
                        return result == request ? self : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        IdempotencyKeys.Call call = keys.detach(context.request().proxiedRequest());
        if (call == null) {
            return context.sendResponse();
        }
        ProxyResponse response = context.response();
        // nothing was done: the request never reached the service, or the service itself answered that it did not
        // carry it out (503: its database unavailable or too slow, the transaction rolled back; 429): a retry runs it
        boolean refusedByTheService = !UpstreamErrors.failed(context)
                && (response.getStatusCode() == 503 || response.getStatusCode() == 429);
        if (UpstreamErrors.neverReached(context) || refusedByTheService) {
            return keys.release(call).compose(released -> context.sendResponse());
        }
        if (UpstreamErrors.lostAfterSending(context)) {
            // sent, then the connection was lost: the write may have happened. Not the 503 that says "retry", which a
            // client would send again under the same key and get back until it gave up.
            String requestId = RequestIds.of(context.request().proxiedRequest());
            response.setStatusCode(502).headers().remove("Retry-After");
            response.setBody(Body.body(Buffer.buffer(Json.encode(ErrorEnvelope.of(ErrorCode.SERVER_ERROR,
                    "The service lost the connection after it was sent this request: it may or may not have been "
                            + "carried out. Read the record before sending the write again, under a new "
                            + IdempotencyKeys.HEADER + " (request id " + requestId + ")")))));
        }
        return read(response.getBody().stream()).compose(body -> {
            response.setBody(Body.body(body));
            return keys.complete(call, response.getStatusCode(), response.headers(), body);
        }).compose(stored -> context.sendResponse());
    }

    private static Future<Buffer> read(ReadStream<Buffer> stream) {
        Promise<Buffer> read = Promise.promise();
        Buffer body = Buffer.buffer();
        stream.handler(body::appendBuffer);
        stream.exceptionHandler(read::tryFail);
        stream.endHandler(end -> read.tryComplete(body));
        stream.resume();
        return read.future();
    }
}
