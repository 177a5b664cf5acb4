package com.hotcrm.ai.rest;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/** {@code hotcrm_ai_calls_total{endpoint, engine}}: answers given, by the engine that gave them. */
@ApplicationScoped
public class AiCalls {

    private final MeterRegistry metrics;

    AiCalls(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    public Uni<Map<String, Object>> counted(String endpoint, Uni<Map<String, Object>> answer) {
        return answer.invoke(out -> count(endpoint, out));
    }

    public void count(String endpoint, Map<String, Object> out) {
        metrics.counter("hotcrm.ai.calls", "endpoint", endpoint, "engine", String.valueOf(out.get("engine"))).increment();
    }

    /** The caller's own token, so query-service applies their permissions to every read. */
    public static String bearer(JsonWebToken jwt) {
        return "Bearer " + jwt.getRawToken();
    }
}
