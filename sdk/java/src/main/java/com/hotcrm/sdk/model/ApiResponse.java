package com.hotcrm.sdk.model;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP answer the client received, as given to a {@code HotCRMClient.Builder.onResponse} listener: every
 * attempt (retries and token refreshes included), for logging, metrics, or reading headers such as
 * {@code X-RateLimit-Remaining}.
 *
 * @param attempt 1 for a call's first request, 2 for its first retry...
 */
public record ApiResponse(String method, URI uri, int status, Map<String, List<String>> headers, String requestId,
        Duration elapsed, int attempt) {

    /** A header's first value; names in any case. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }
}
