package com.hotcrm.gateway.routing;

/** The services behind the gateway. */
public enum Upstream {
    AUTH("auth-service"),
    RECORDS("records-service"),
    QUERY("query-service"),
    AI("ai-service"),
    WEBHOOK("webhook-service");

    private final String serviceName;

    Upstream(String serviceName) {
        this.serviceName = serviceName;
    }

    public String serviceName() {
        return serviceName;
    }
}
