package com.hotcrm.platform.observability;

import java.util.Collection;

import jakarta.inject.Singleton;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;

/**
 * Traces are always made (so that a trace id travels from the gateway through every service and into the
 * Kafka events' headers, and appears in every log line), but sent to a collector only when
 * {@code HOTCRM_OTEL_ENDPOINT} names one. Until then this exporter takes the spans and drops them: while
 * a {@link SpanExporter} bean can be looked up, Quarkus installs no OTLP exporter, so local runs and
 * tests never try to reach a collector that is not there.
 */
@Singleton
@Unremovable
@LookupIfProperty(name = "hotcrm.otel.endpoint", stringValue = "none", lookupIfMissing = true)
public class TracingExport implements SpanExporter {

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
