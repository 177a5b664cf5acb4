package com.hotcrm.gateway.proxy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hotcrm.devstack.Ports;
import com.hotcrm.gateway.routing.Upstream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * Real HTTP servers standing in for the services: each answers with what it received (who it is, method,
 * path, query, body, forwarded headers) so a test can see where the gateway sent a request. Paths ending
 * in {@code /slow} answer after 3 s. The AI service is deliberately absent: its port has no listener.
 */
public class FakeUpstreams implements QuarkusTestResourceLifecycleManager {

    public static final Upstream ABSENT = Upstream.AI;

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (Upstream upstream : Upstream.values()) {
            int port = upstream == ABSENT ? Ports.free() : serve(upstream);
            config.put("hotcrm.gateway.upstreams." + key(upstream), "http://localhost:" + port);
        }
        config.put("hotcrm.gateway.response-timeout", "1s");
        return config;
    }

    private int serve(Upstream upstream) {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            JsonObject echo = new JsonObject()
                    .put("service", upstream.serviceName())
                    .put("method", request.method().name())
                    .put("path", request.path())
                    .put("query", request.query())
                    .put("body", body.toString())
                    .put("requestId", request.getHeader("X-Request-Id"))
                    .put("forwardedFor", request.getHeader("X-Forwarded-For"))
                    .put("forwardedProto", request.getHeader("X-Forwarded-Proto"));
            long delay = request.path().endsWith("/slow") ? 3000 : 0;
            Runnable answer = () -> request.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Request-Id", String.valueOf(request.getHeader("X-Request-Id")))
                    .end(echo.encode());
            if (delay > 0) {
                vertx.setTimer(delay, id -> answer.run());
            } else {
                answer.run();
            }
        }));
        try {
            return server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("Fake " + upstream.serviceName() + " did not start", e);
        }
    }

    private static String key(Upstream upstream) {
        return upstream.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
