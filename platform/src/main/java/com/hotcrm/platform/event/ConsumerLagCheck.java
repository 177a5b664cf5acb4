package com.hotcrm.platform.event;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows each change-event consumer's lag in seconds in {@code /q/health} (and {@code /q/health/ready}).
 * It is always UP: a consumer behind, or waiting out a database outage, does not stop the service from
 * answering its API, and taking the replica out of the load balancer would not help the consumer. Alert on
 * {@code hotcrm_consumer_lag_seconds} instead.
 */
@Readiness
@ApplicationScoped
public class ConsumerLagCheck implements HealthCheck {

    private final ChangeEventConsumers consumers;

    ConsumerLagCheck(ChangeEventConsumers consumers) {
        this.consumers = consumers;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("change-event consumers lag (seconds)").up();
        consumers.lagSeconds().forEach((name, lag) -> response.withData(name, String.format(java.util.Locale.ROOT, "%.3f", lag)));
        return response.build();
    }
}
