package com.hotcrm.gateway.proxy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.hotcrm.devstack.Ports;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.gateway.routing.Upstream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * Real HTTP servers standing in for the services: each answers with what it received (who it is, method,
 * path, query, body, forwarded headers) so a test can see where the gateway sent a request. Paths ending
 * in {@code /slow} answer after 3 s. The AI service is deliberately absent: its port has no listener. The
 * fake auth-service publishes {@link TestTokens}' JWKS and exchanges the API tokens of {@link #API_TOKENS};
 * RestAssured sends the test admin's token by default. The gateway trusts X-Forwarded-For from loopback
 * unless the init argument {@value #TRUSTED_PROXIES} says otherwise.
 */
public class FakeUpstreams implements QuarkusTestResourceLifecycleManager {

    public static final Upstream ABSENT = Upstream.AI;

    /** API tokens the fake auth-service accepts, by secret; tests add and remove them. */
    public static final Map<String, String> API_TOKENS = new ConcurrentHashMap<>();
    /** An API token mapped to this user is answered 503 by the fake auth-service, as one that cannot check it. */
    public static final String UNAVAILABLE = "usr_auth_service_unavailable";
    /** Requests each fake service received, by path. */
    public static final Map<String, Integer> RECEIVED = new ConcurrentHashMap<>();

    /** The init argument naming the gateway's trusted proxies; by default the test client's loopback. */
    public static final String TRUSTED_PROXIES = "trusted-proxies";

    private Vertx vertx;
    private String trustedProxies = "127.0.0.0/8,::1/128";

    @Override
    public void init(Map<String, String> initArgs) {
        trustedProxies = initArgs.getOrDefault(TRUSTED_PROXIES, trustedProxies);
    }

    /**
     * How long the gateway remembers an exchanged API token in these tests (60 s by default): long enough that a test's
     * second call falls within it on a loaded machine, short enough to wait out.
     */
    public static final java.time.Duration API_TOKEN_CACHE_TTL = java.time.Duration.ofSeconds(3);

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        RestAssured.authentication = RestAssured.oauth2(TestTokens.admin());
        Map<String, String> config = new HashMap<>();
        for (Upstream upstream : Upstream.values()) {
            int port = upstream == ABSENT ? Ports.free() : serve(upstream);
            config.put("hotcrm.gateway.upstreams." + key(upstream), "http://localhost:" + port);
        }
        config.put("hotcrm.gateway.response-timeout", "1s");
        config.put("hotcrm.gateway.auth.api-token-cache-ttl", API_TOKEN_CACHE_TTL.toSeconds() + "s");
        config.put("hotcrm.gateway.rate-limit.login-attempts-per-ip", "5");
        // the tests play proxies: X-Forwarded-For sent from loopback is believed
        config.put("hotcrm.gateway.trusted-proxies", trustedProxies);
        config.put("hotcrm.gateway.breaker.request-volume-threshold", "4");
        config.put("hotcrm.gateway.breaker.delay", "2s");
        config.put("hotcrm.gateway.max-in-flight-per-service", "3");
        return config;
    }

    private int serve(Upstream upstream) {
        // the services take request lines far longer than Netty's 4096 default (platform config); so does this fake
        HttpServer server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setMaxInitialLineLength(1 << 20)).requestHandler(request -> request.body().onSuccess(body -> {
            RECEIVED.merge(request.path(), 1, Integer::sum);
            if (upstream == Upstream.AUTH && request.path().equals("/v1/auth/jwks")) {
                request.response().putHeader("Content-Type", "application/json").end(TestTokens.jwks());
                return;
            }
            if (upstream == Upstream.AUTH && request.path().equals("/internal/token-exchange")) {
                String userId = API_TOKENS.get(new JsonObject(body).getString("apiToken", ""));
                if (UNAVAILABLE.equals(userId)) {
                    request.response().setStatusCode(503).end();
                } else if (userId == null) {
                    request.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                            .end("{\"error\":{\"code\":\"AUTHENTICATION_ERROR\",\"message\":\"no\",\"details\":[]}}");
                } else {
                    String token = TestTokens.trusted().sign(userId, "sales_rep", "Standard", "tok_" + userId,
                            java.time.Duration.ofMinutes(5));
                    request.response().putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("token", token).put("expiresIn", 300).encode());
                }
                return;
            }
            JsonObject echo = new JsonObject()
                    .put("service", upstream.serviceName())
                    .put("method", request.method().name())
                    .put("path", request.path())
                    .put("query", request.query())
                    .put("body", body.toString())
                    .put("requestId", request.getHeader("X-Request-Id"))
                    .put("forwardedFor", request.getHeader("X-Forwarded-For"))
                    .put("forwardedProto", request.getHeader("X-Forwarded-Proto"))
                    .put("authorization", request.getHeader("Authorization"))
                    .put("traceparent", request.getHeader("traceparent"));
            if (request.path().endsWith("/busy503")) {
                request.response().setStatusCode(503).putHeader("Content-Type", "application/json").putHeader("Retry-After", "7")
                        .end("{\"error\":{\"code\":\"SERVER_ERROR\",\"message\":\"stopped at its time limit\",\"details\":[]}}");
                return;
            }
            if (request.path().endsWith("/fail500")) {
                request.response().setStatusCode(500).putHeader("Content-Type", "application/json")
                        .end("{\"error\":{\"code\":\"SERVER_ERROR\",\"message\":\"broken\",\"details\":[]}}");
                return;
            }
            long delay = request.path().endsWith("/slow") ? 3000 : request.path().endsWith("/hold") ? 700 : 0;
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
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
        if (vertx != null) {
            vertx.close();
        }
    }
}
