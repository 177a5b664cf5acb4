package com.hotcrm.devstack.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Creates records through the API's batch endpoint, 200 at a time, and returns their ids in order. */
final class BatchClient {

    static final int BATCH = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    BatchClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    List<String> create(String objectPath, List<Map<String, Object>> records) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>(records.size());
        for (int from = 0; from < records.size(); from += BATCH) {
            List<Map<String, Object>> chunk = records.subList(from, Math.min(records.size(), from + BATCH));
            ids.addAll(post(objectPath, chunk));
        }
        return ids;
    }

    private List<String> post(String objectPath, List<Map<String, Object>> chunk) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/batch/" + objectPath))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("records", chunk, "allOrNone", true))));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST /v1/batch/" + objectPath + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        if (body.path("errorCount").asInt() > 0) {
            for (JsonNode result : body.path("results")) {
                if (!result.path("success").asBoolean()) {
                    JsonNode error = result.path("error");
                    if (!error.path("message").asText().contains("allOrNone")) {
                        throw new IOException("Demo " + objectPath + " rejected: " + error);
                    }
                }
            }
        }
        List<String> ids = new ArrayList<>();
        body.path("results").forEach(r -> ids.add(r.path("Id").asText()));
        return ids;
    }
}
