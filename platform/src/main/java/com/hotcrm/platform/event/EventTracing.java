package com.hotcrm.platform.event;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The CloudEvents distributed-tracing extension on our events: {@code traceparent} (W3C trace context) of
 * the request that made the change. The outbox keeps it with the event, and the relay publishes the event
 * in that trace, so a trace that entered at the gateway continues in Kafka's headers and in consumers.
 */
public final class EventTracing {

    public static final String ATTRIBUTE = "traceparent";

    private EventTracing() {
    }

    /** The current span as a W3C {@code traceparent}, or null outside a trace. */
    public static String currentTraceparent() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /**
     * The event's JSON (an object with at least one attribute) with {@code traceparent} of the current span
     * added first; unchanged outside a trace.
     */
    public static String withCurrentTraceparent(String eventJson) {
        String traceparent = currentTraceparent();
        if (traceparent == null || eventJson.length() < 3 || eventJson.charAt(0) != '{') {
            return eventJson;
        }
        return "{\"" + ATTRIBUTE + "\":\"" + traceparent + "\"," + eventJson.substring(1);
    }
}
