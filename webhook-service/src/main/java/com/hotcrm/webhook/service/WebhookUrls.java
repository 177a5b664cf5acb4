package com.hotcrm.webhook.service;

import java.net.InetAddress;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.platform.net.UrlPolicy;
import com.hotcrm.webhook.config.WebhookConfig;

/** The configured {@link UrlPolicy} (system DNS), shared by the API and the delivery workers. */
@ApplicationScoped
public class WebhookUrls {

    private final UrlPolicy policy;

    public WebhookUrls(WebhookConfig config) {
        this.policy = new UrlPolicy(config.allowHttp(), config.allowedHosts().orElse(List.of()), InetAddress::getAllByName)
                .allowingOnlyPorts(config.allowedPorts().orElse(List.of()), "HOTCRM_WEBHOOKS_ALLOWED_PORTS");
    }

    public UrlPolicy policy() {
        return policy;
    }
}
