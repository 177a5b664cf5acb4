package com.hotcrm.devstack.suite;

/**
 * The six services of the suite, their modules, default ports (DESIGN.md) and the variable through which
 * the gateway learns where each one is.
 */
public enum Service {
    AUTH("auth-service", 8081, "HOTCRM_AUTH_URL"),
    RECORDS("records-service", 8082, "HOTCRM_RECORDS_URL"),
    QUERY("query-service", 8083, "HOTCRM_QUERY_URL"),
    AI("ai-service", 8084, "HOTCRM_AI_URL"),
    WEBHOOK("webhook-service", 8085, "HOTCRM_WEBHOOK_URL"),
    GATEWAY("gateway", 8080, null);

    private final String module;
    private final int defaultPort;
    private final String urlVariable;

    Service(String module, int defaultPort, String urlVariable) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.urlVariable = urlVariable;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The environment variable that tells the gateway this service's base URL; null for the gateway. */
    public String urlVariable() {
        return urlVariable;
    }
}
