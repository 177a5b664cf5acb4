package com.hotcrm.records.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for auth-service's {@code GET /internal/users} (the User mirror's resync) in records-service's
 * own tests: it answers the users a test put, as auth-service describes them.
 */
public class FakeAuthService implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Map<String, Object>> USERS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    /** Like a real suite starting, auth-service refuses the first asks (503) until it is up. */
    public static final int REFUSED_AT_START = 2;
    private static final AtomicInteger TO_REFUSE = new AtomicInteger();
    private static HttpServer server;

    /** From now on auth-service has exactly these users. */
    public static void users(List<Map<String, Object>> users) {
        USERS.clear();
        USERS.addAll(users);
    }

    public static int requests() {
        return REQUESTS.get();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 20);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        TO_REFUSE.set(REFUSED_AT_START);
        server.createContext("/internal/users", exchange -> {
            REQUESTS.incrementAndGet();
            if (TO_REFUSE.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = JSON.writeValueAsBytes(USERS);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("quarkus.rest-client.auth.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
