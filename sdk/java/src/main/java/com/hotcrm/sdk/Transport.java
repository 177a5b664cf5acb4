package com.hotcrm.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.hotcrm.sdk.model.ApiResponse;
import com.hotcrm.sdk.model.ErrorDetail;

/**
 * Sends one API call: the bearer token of the {@link Session}, a timeout on every request, 429 and 503 retried
 * (bounded) after what {@code Retry-After} says, a login's token refreshed before it expires and once on 401.
 * Every resource of a {@link HotCRMClient} goes through here.
 */
final class Transport {

    /** Waits between retries; tests replace it to see the waits without spending them. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    record Settings(URI baseUrl, Duration timeout, int maxRetries, Duration maxRetryWait, Duration retryBackoff,
            String userAgent, HttpClient http, Clock clock, Sleeper sleeper, Consumer<ApiResponse> listener) {
    }

    private final Settings settings;
    private final String base;
    final Session session;

    Transport(Settings settings, Session session) {
        this.settings = settings;
        String url = settings.baseUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.session = session;
    }

    Settings settings() {
        return settings;
    }

    String baseUrl() {
        return base;
    }

    JsonNode get(String path, Map<String, ?> query) {
        return send("GET", path, query, null, true);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, null, body, true);
    }

    /**
     * One call, answered with its decoded JSON ({@link MissingNode} for an empty answer).
     *
     * @param path under the base URL, its segments already escaped with {@link #segment}
     * @param query parameters; null values are left out
     * @param body sent as JSON when not null
     * @param authenticated whether to send (and if need be refresh) the bearer token
     */
    /**
     * Whether a call changes something, and so goes under an Idempotency-Key: every method but GET, except the reads
     * sent as POST for their body ({@code /query}, {@code /{object}/groupby}), which are safe to repeat as they are.
     */
    static boolean isWrite(String method, String path) {
        return !method.equals("GET") && !(method.equals("POST") && (path.equals("query") || path.endsWith("/groupby")));
    }

    JsonNode send(String method, String path, Map<String, ?> query, Object body, boolean authenticated) {
        URI uri = URI.create(base + "/" + path + queryString(query));
        byte[] json = body == null ? null : Json.write(body);
        String requestId = UUID.randomUUID().toString();
        // one key for every attempt of a write: the gateway runs it once, and a retry gets its first answer
        String idempotencyKey = isWrite(method, path) ? UUID.randomUUID().toString() : null;
        int retries = 0;
        boolean refreshed = false;
        for (int attempt = 1;; attempt++) {
            String token = authenticated ? session.tokenForCall(this) : null;
            HttpResponse<byte[]> response;
            try {
                response = exchange(method, uri, json, token, requestId, idempotencyKey, attempt);
            } catch (HotCRMException noAnswer) {
                // no answer (a timeout, a lost connection): a read, or a write under its key, is safe to send again
                if (retries < settings.maxRetries() && !Thread.currentThread().isInterrupted()) {
                    pause(backoff(retries).get(), noAnswer);
                    retries++;
                    continue;
                }
                throw noAnswer;
            }
            int status = response.statusCode();
            if (status < 400) {
                return decode(response.body());
            }
            if (status == 401 && authenticated && !refreshed && session.canRefresh()) {
                refreshed = true;
                session.refresh(this, token);
                continue;
            }
            HotCRMException error = error(response, requestId);
            // 409 IDEMPOTENCY_ERROR: this call's first attempt is still running; the next one gets its answer
            boolean running = status == 409 && HotCRMException.IDEMPOTENCY_ERROR.equals(error.code());
            if ((status == 429 || status == 503 || running) && retries < settings.maxRetries()) {
                Duration wait = error.retryAfter().orElseGet(backoff(retries)::get);
                if (wait.compareTo(settings.maxRetryWait()) <= 0) {
                    retries++;
                    pause(wait, error);
                    continue;
                }
            }
            throw error;
        }
    }

    private java.util.function.Supplier<Duration> backoff(int retries) {
        return () -> {
            Duration wait = settings.retryBackoff().multipliedBy(1L << Math.min(retries, 20));
            return wait.compareTo(settings.maxRetryWait()) > 0 ? settings.maxRetryWait() : wait;
        };
    }

    private void pause(Duration wait, HotCRMException cause) {
        try {
            settings.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HotCRMException(cause.code(), cause.status(), "Interrupted while waiting to retry: "
                    + cause.errorMessage(), cause.details(), cause.requestId(), cause.retryAfter().orElse(null), e);
        }
    }

    private HttpResponse<byte[]> exchange(String method, URI uri, byte[] json, String token, String requestId,
            String idempotencyKey, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .header("User-Agent", settings.userAgent())
                .header("X-Request-Id", requestId);
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long started = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = settings.http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new HotCRMException(HotCRMException.CONNECTION_ERROR, 0, method + " " + uri + " got no answer within "
                    + settings.timeout().toMillis() + " ms", List.of(), requestId, null, e);
        } catch (IOException e) {
            throw new HotCRMException(HotCRMException.CONNECTION_ERROR, 0, method + " " + uri + " failed: " + e,
                    List.of(), requestId, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HotCRMException(HotCRMException.CONNECTION_ERROR, 0, method + " " + uri + " was interrupted",
                    List.of(), requestId, null, e);
        }
        if (settings.listener() != null) {
            settings.listener().accept(new ApiResponse(method, uri, response.statusCode(), response.headers().map(),
                    response.headers().firstValue("X-Request-Id").orElse(requestId),
                    Duration.ofNanos(System.nanoTime() - started), attempt));
        }
        return response;
    }

    private static JsonNode decode(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
        }
    }

    private HotCRMException error(HttpResponse<byte[]> response, String sentRequestId) {
        int status = response.statusCode();
        String requestId = response.headers().firstValue("X-Request-Id").orElse(sentRequestId);
        Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null), settings.clock());
        JsonNode body = decode(response.body());
        JsonNode error = body.path("error");
        if (error.path("code").isTextual()) {
            List<ErrorDetail> details = new ArrayList<>();
            for (JsonNode detail : error.path("details")) {
                details.add(new ErrorDetail(detail.path("field").isTextual() ? detail.get("field").asText() : null,
                        detail.path("message").asText(detail.toString())));
            }
            String code = error.get("code").asText();
            String message = error.path("message").isTextual() ? error.get("message").asText() : code;
            return new HotCRMException(code, status, message, details, requestId, retryAfter, null);
        }
        byte[] raw = response.body() == null ? new byte[0] : response.body();
        String text = new String(raw, StandardCharsets.UTF_8).strip();
        if (text.length() > 500) {
            text = text.substring(0, 500) + "...";
        }
        return new HotCRMException(HotCRMException.codeForStatus(status), status,
                text.isEmpty() ? "HTTP " + status : text, List.of(), requestId, retryAfter, null);
    }

    /** {@code Retry-After} as a duration: seconds, or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            double seconds = Double.parseDouble(text);
            return seconds <= 0 ? Duration.ZERO : Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(clock.instant(),
                        ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** A path segment (an id, an object or field name) escaped for the URL. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String queryString(Map<String, ?> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner("&", "?", "");
        joined.setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null) {
                joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
            }
        });
        return joined.toString();
    }
}
