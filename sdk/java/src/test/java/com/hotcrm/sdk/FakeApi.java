package com.hotcrm.sdk;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real local HTTP server standing in for the API: routes answer what a test programs, every request is
 * recorded. Unrouted paths answer the API's 404 envelope.
 */
final class FakeApi implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    record Request(String method, String path, Map<String, String> query, Map<String, List<String>> headers,
            String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        String bearer() {
            String authorization = header("Authorization");
            return authorization == null ? null : authorization.replaceFirst("^Bearer ", "");
        }
    }

    record Response(int status, String body, Map<String, String> headers) {

        static Response json(int status, String body) {
            return new Response(status, body, Map.of());
        }

        static Response ok(String body) {
            return json(200, body);
        }

        static Response error(int status, String code, String message) {
            return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"details\":[]}}");
        }

        Response header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, body, more);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL a client uses: {@code http://127.0.0.1:<port>/v1}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Routes {@code method} on {@code path} (under /v1, e.g. {@code /accounts}) to {@code answer}. */
    FakeApi on(String method, String path, Function<Request, Response> answer) {
        routes.put(method + " /v1" + path, answer);
        return this;
    }

    /** Answers a route with these responses in turn (the last one from then on). */
    FakeApi script(String method, String path, Response... responses) {
        List<Response> queue = new CopyOnWriteArrayList<>(List.of(responses));
        return on(method, path, request -> queue.size() > 1 ? queue.remove(0) : queue.get(0));
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals("/v1" + path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> query = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), query,
                    Map.copyOf(exchange.getRequestHeaders()), body);
            requests.add(request);
            Function<Request, Response> route = routes.get(request.method() + " " + request.path());
            Response response = route != null ? route.apply(request)
                    : Response.error(404, "NOT_FOUND", "No resource at this path: " + request.path());
            byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            throw e;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
