package com.hotcrm.webhook.service;

import java.util.List;

import com.hotcrm.platform.event.ChangeEvent;

/** The events a webhook subscribes to, as the API names them, and the change-event types they stand for. */
public final class WebhookEvents {

    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";
    /** Sent by POST /webhooks/{id}/test only; not something to subscribe to. */
    public static final String PING = "ping";
    public static final List<String> ALL = List.of(CREATE, UPDATE, DELETE);

    private WebhookEvents() {
    }

    /** {@code hotcrm.record.created} → {@code create}; null for any other type. */
    public static String fromEventType(String type) {
        if (ChangeEvent.Kind.CREATED.type().equals(type)) {
            return CREATE;
        }
        if (ChangeEvent.Kind.UPDATED.type().equals(type)) {
            return UPDATE;
        }
        if (ChangeEvent.Kind.DELETED.type().equals(type)) {
            return DELETE;
        }
        return null;
    }
}
