package com.hotcrm.platform.observability;

import java.util.List;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.quarkus.arc.Unremovable;

/**
 * Which traces record spans. With a collector ({@code HOTCRM_OTEL_ENDPOINT}), {@code HOTCRM_OTEL_SAMPLE_RATIO}
 * of the traces that start here, and every trace a caller's {@code traceparent} marks as sampled. Without
 * one, only the latter: recording spans that {@link TracingExport} then drops cost the gateway about a tenth of
 * its CPU for nothing. Either way every request still gets a trace id, which the gateway passes on in
 * {@code traceparent}, the logs show as {@code trace=} and the change events carry.
 */
@Singleton
@Unremovable
public class TraceSampling implements Sampler {

    private final Sampler sampler;

    TraceSampling(@ConfigProperty(name = "hotcrm.otel.endpoint", defaultValue = "none") String endpoint,
            @ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0") double ratio) {
        // "none" is also what installs TracingExport, the exporter that drops spans
        boolean exported = !"none".equals(endpoint);
        this.sampler = Sampler.parentBased(exported ? Sampler.traceIdRatioBased(ratio) : Sampler.alwaysOff());
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        return sampler.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "HotCRM(" + sampler.getDescription() + ")";
    }
}
