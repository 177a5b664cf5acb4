package com.hotcrm.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The HotCRM API at one base URL (the gateway, or a service directly: they answer the same paths), as one
 * caller. Every call has a timeout; an answer other than the expected status is a failure with its body.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String baseUrl;
    private final Supplier<String> token;

    Api(HttpClient http, String baseUrl, Supplier<String> token) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /** An HTTP/1.1 client with keep-alive connections, as many as the benchmark's concurrency needs. */
    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    String baseUrl() {
        return baseUrl;
    }

    JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        return send(request(pathAndQuery).GET(), 200);
    }

    JsonNode post(String path, Object body, int expected) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))), expected);
    }

    JsonNode patch(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))), 200);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token.get()).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != expected) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new IOException(response.request().method() + " " + response.uri().getRawPath() + " answered "
                    + response.statusCode() + ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
        }
        return JSON.readTree(response.body());
    }
}
