package com.hotcrm.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The HotCRM API at one base URL (the gateway, or a service directly: they answer the same paths), as one
 * caller. Every call has a timeout; an answer other than the expected status is a failure with its body.
 * Calls block the calling (benchmark) thread; the I/O runs on the {@link Client}'s event loop.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_MILLIS = 30_000;

    /**
     * One Vert.x HTTP/1.1 client with keep-alive connections, as many per server as the benchmark's
     * concurrency. The JDK's HttpClient cost about 1 ms of CPU per call, a whole core of the machine's two at
     * 1,000 calls/s: the load generator measured itself more than the API.
     */
    static final class Client implements AutoCloseable {
        private final Vertx vertx;
        private final HttpClient http;

        Client(int connectionsPerServer) {
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
            http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000)
                    .setMaxPoolSize(connectionsPerServer));
        }

        @Override
        public void close() {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    private record Answer(int status, Buffer body) {
    }

    private final Client client;
    private final String baseUrl;
    private final Supplier<String> token;

    Api(Client client, String baseUrl, Supplier<String> token) {
        this.client = client;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    String baseUrl() {
        return baseUrl;
    }

    JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpMethod.GET, pathAndQuery, null, 200);
    }

    JsonNode post(String path, Object body, int expected) throws IOException, InterruptedException {
        return send(HttpMethod.POST, path, JSON.writeValueAsBytes(body), expected);
    }

    JsonNode patch(String path, Object body) throws IOException, InterruptedException {
        return send(HttpMethod.PATCH, path, JSON.writeValueAsBytes(body), 200);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode send(HttpMethod method, String path, byte[] body, int expected) throws IOException, InterruptedException {
        RequestOptions request = new RequestOptions().setMethod(method).setAbsoluteURI(baseUrl + path)
                .setIdleTimeout(TIMEOUT_MILLIS)
                .putHeader("Authorization", "Bearer " + token.get()).putHeader("Accept", "application/json");
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        Future<Answer> call = client.http.request(request)
                .compose(r -> body == null ? r.send() : r.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> new Answer(response.statusCode(), b)));
        Answer answer;
        try {
            answer = call.toCompletionStage().toCompletableFuture().get(TIMEOUT_MILLIS + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(method + " " + path + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(method + " " + path + ": no answer in " + (TIMEOUT_MILLIS / 1000) + " s", e);
        }
        byte[] bytes = answer.body().getBytes();
        if (answer.status() != expected) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            String shown = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            throw new IOException(method + " " + shown + " answered " + answer.status() + ": "
                    + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
        }
        return JSON.readTree(bytes);
    }
}
