package com.hotcrm.gateway.security;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.gateway.config.GatewayConfig;
import com.hotcrm.gateway.routing.Upstream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/** The two calls the gateway makes to auth-service itself: the JWKS, and the API-token exchange. */
@ApplicationScoped
public class AuthServiceClient {

    /** An answer of auth-service: its status and JSON body. */
    public record Answer(int status, JsonObject body) {
    }

    private final HttpClient client;
    /** auth-service's host, port and TLS; each call copies it. */
    private final RequestOptions origin;
    private final Duration timeout;

    AuthServiceClient(Vertx vertx, GatewayConfig config) {
        this.timeout = config.auth().timeout();
        this.origin = config.origin(Upstream.AUTH);
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(origin.isSsl())
                .setMaxPoolSize(20)
                .setConnectTimeout((int) timeout.toMillis()));
    }

    public Future<Answer> jwks() {
        return call(HttpMethod.GET, "/v1/auth/jwks", null);
    }

    public Future<Answer> exchange(String apiToken) {
        return call(HttpMethod.POST, "/internal/token-exchange", new JsonObject().put("apiToken", apiToken));
    }

    private Future<Answer> call(HttpMethod method, String path, JsonObject body) {
        RequestOptions options = new RequestOptions(origin)
                .setMethod(method)
                .setURI(path)
                .setTimeout(timeout.toMillis())
                .putHeader("Accept", "application/json");
        return client.request(options)
                .compose(request -> body == null ? request.send()
                        : request.putHeader("Content-Type", "application/json").send(body.toBuffer()))
                .compose(response -> response.body().map(buffer -> new Answer(response.statusCode(), json(buffer))));
    }

    private static JsonObject json(Buffer buffer) {
        try {
            return buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject();
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }
}
