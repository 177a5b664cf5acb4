package com.hotcrm.gateway.health;

import java.net.URI;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import com.hotcrm.gateway.config.GatewayConfig;
import com.hotcrm.gateway.routing.Upstream;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * Whether each service behind the gateway is ready, shown in the gateway's {@code /q/health}. It is a
 * wellness check, not readiness: one service being down must not take the whole gateway (and every other
 * service's routes) out of the load balancer.
 */
@Wellness
@ApplicationScoped
public class UpstreamsHealthCheck implements AsyncHealthCheck {

    private final HttpClient client;
    private final GatewayConfig config;

    UpstreamsHealthCheck(Vertx vertx, GatewayConfig config) {
        this.client = vertx.createHttpClient();
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<Uni<Boolean>> probes = java.util.Arrays.stream(Upstream.values()).map(this::ready).toList();
        return Uni.join().all(probes).andCollectFailures().map(results -> {
            HealthCheckResponseBuilder builder = HealthCheckResponse.named("upstream services");
            boolean all = true;
            for (int i = 0; i < results.size(); i++) {
                boolean up = results.get(i);
                all &= up;
                builder.withData(Upstream.values()[i].serviceName(), up ? "UP" : "DOWN");
            }
            return builder.status(all).build();
        });
    }

    private Uni<Boolean> ready(Upstream upstream) {
        URI url = config.url(upstream).resolve("/q/health/ready");
        long timeout = config.healthTimeout().toMillis();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString())
                .setConnectTimeout(timeout).setIdleTimeout(timeout);
        return client.request(options)
                .flatMap(request -> request.send())
                .map(response -> response.statusCode() == 200)
                .ifNoItem().after(config.healthTimeout()).fail()
                .onFailure().recoverWithItem(false);
    }
}
