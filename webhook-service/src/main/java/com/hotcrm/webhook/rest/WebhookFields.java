package com.hotcrm.webhook.rest;

/** The messages and patterns {@link NewWebhook} and {@link WebhookChanges} share. */
final class WebhookFields {

    static final String NAME = "name must be 1 to 255 characters";
    static final String NO_CONTROLS = "[^\\p{Cc}]*";
    static final String NAME_CONTROLS = "name must not contain control characters";
    static final String EVENTS = "events must be a non-empty list of create, update, delete";
    static final String EVENT = "each event must be create, update or delete";
    static final String EVENT_PATTERN = "create|update|delete";

    private WebhookFields() {
    }
}
