package com.hotcrm.webhook.delivery;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Prometheus metrics of delivery: {@code hotcrm_webhook_deliveries_succeeded_total}, {@code _failed_total}
 * (given up: retries exhausted, 410 Gone, endpoint disabled), {@code _retried_total} (failed attempts with
 * another to come), {@code hotcrm_webhook_delivery_lag_seconds} (from the record change to the first
 * attempt), {@code hotcrm_webhook_attempt_latency_seconds} (the subscriber's answer) and
 * {@code hotcrm_webhook_queue_depth} (pending deliveries, all replicas).
 */
@ApplicationScoped
public class DeliveryMetrics {

    private final Counter succeeded;
    private final Counter failed;
    private final Counter retried;
    private final Timer lag;
    private final Timer latency;
    private final AtomicLong queueDepth = new AtomicLong();

    public DeliveryMetrics(MeterRegistry registry) {
        succeeded = Counter.builder("hotcrm.webhook.deliveries.succeeded").description("Deliveries a subscriber accepted")
                .register(registry);
        failed = Counter.builder("hotcrm.webhook.deliveries.failed")
                .description("Deliveries given up on (retries exhausted, 410 Gone)").register(registry);
        retried = Counter.builder("hotcrm.webhook.deliveries.retried")
                .description("Failed attempts that will be retried").register(registry);
        lag = Timer.builder("hotcrm.webhook.delivery.lag").description("From the record change to the first attempt")
                .publishPercentileHistogram().register(registry);
        latency = Timer.builder("hotcrm.webhook.attempt.latency").description("How long subscribers took to answer")
                .publishPercentileHistogram().register(registry);
        registry.gauge("hotcrm.webhook.queue.depth", queueDepth);
    }

    void succeeded() {
        succeeded.increment();
    }

    void failed() {
        failed.increment();
    }

    void retried() {
        retried.increment();
    }

    void firstAttemptLag(Duration duration) {
        lag.record(duration.isNegative() ? Duration.ZERO : duration);
    }

    void attemptLatency(Duration duration) {
        latency.record(duration);
    }

    void queueDepth(long pending) {
        queueDepth.set(pending);
    }
}
