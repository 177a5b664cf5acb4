package com.hotcrm.webhook.rest;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.hotcrm.webhook.repository.EndpointRow;

/**
 * A webhook as the API shows it: the seed's fields (name, object, events, url) and its state. The secret
 * appears only in the answer that created or rotated it.
 */
public record WebhookView(String id, String name, String object, List<String> events, String url, boolean active,
        String disabledReason, OffsetDateTime disabledAt, String ownerId, OffsetDateTime createdAt,
        OffsetDateTime updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    static WebhookView of(EndpointRow e, String secret) {
        return new WebhookView(e.id(), e.name(), e.object(), e.events(), e.url(), e.active(), e.disabledReason(),
                e.disabledAt(), e.ownerId(), e.createdAt(), e.updatedAt(), secret);
    }

    /** A page of webhooks, paginated like every list of the API. */
    public record Page(List<WebhookView> webhooks, long totalCount, boolean hasMore, int limit, int offset) {
    }
}
