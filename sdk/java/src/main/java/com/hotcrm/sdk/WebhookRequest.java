package com.hotcrm.sdk;

import java.util.List;

/**
 * A new webhook: {@code WebhookRequest.of("Opportunity Webhook", "Opportunity", List.of("create", "update"),
 * "https://myapp.com/webhooks/opportunity").secret("webhook_secret_key")}. Without a secret the API makes one
 * ({@code whsec_...}) and returns it in its answer only.
 */
public final class WebhookRequest extends RequestBody<WebhookRequest> {

    private WebhookRequest() {
    }

    /** @param events any of {@code create}, {@code update}, {@code delete} */
    public static WebhookRequest of(String name, String object, List<String> events, String url) {
        return new WebhookRequest().set("name", name).set("object", ObjectNames.apiName(object))
                .set("events", List.copyOf(events)).set("url", url);
    }

    public WebhookRequest secret(String secret) {
        return set("secret", secret);
    }

    public WebhookRequest active(boolean active) {
        return set("active", active);
    }
}
