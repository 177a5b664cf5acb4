package com.hotcrm.devstack.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The first admin of a local suite: {@code HOTCRM_ADMIN_EMAIL} / {@code HOTCRM_ADMIN_PASSWORD} when set,
 * else admin@hotcrm.local with a password generated once and kept in {@code <state>/admin-password}
 * (readable by its owner only), so that {@code ./hotcrm up}, {@code demo} and the e2e tests can log in.
 */
public record AdminLogin(String email, String password) {

    public static final String DEFAULT_EMAIL = "admin@hotcrm.local";
    static final String PASSWORD_FILE = "admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static AdminLogin resolve(Map<String, String> env, Path stateDir) throws IOException {
        String email = env.getOrDefault("HOTCRM_ADMIN_EMAIL", DEFAULT_EMAIL);
        String password = env.get("HOTCRM_ADMIN_PASSWORD");
        if (password != null && !password.isBlank()) {
            return new AdminLogin(email, password);
        }
        Path file = stateDir.resolve(PASSWORD_FILE);
        if (Files.exists(file)) {
            return new AdminLogin(email, Files.readString(file).trim());
        }
        Files.createDirectories(stateDir);
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        String generated = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.writeString(file, generated + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return new AdminLogin(email, generated);
    }

    /** POST /v1/auth/token through the gateway; the access token. */
    public String token(String gatewayUrl) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String body = JSON.writeValueAsString(Map.of("email", email, "password", password));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/auth/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("Login as " + email + " answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode json = JSON.readTree(response.body());
            return json.get("token").asText();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while logging in", e);
        }
    }
}
