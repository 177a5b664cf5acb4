package com.hotcrm.webhook.repository;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import io.vertx.mutiny.sqlclient.Row;

/** A row of {@code webhook.endpoint}; {@code secret} and {@code previousSecret} are encrypted. */
public record EndpointRow(String id, String ownerId, String name, String object, List<String> events, String url,
        String secret, String previousSecret, OffsetDateTime previousSecretExpiresAt, boolean active,
        String disabledReason, OffsetDateTime disabledAt, OffsetDateTime failingSince, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static EndpointRow from(Row row) {
        return new EndpointRow(row.getString("id"), row.getString("owner_id"), row.getString("name"),
                row.getString("object"), Arrays.asList(row.getArrayOfStrings("events")), row.getString("url"),
                row.getString("secret"), row.getString("previous_secret"),
                row.getOffsetDateTime("previous_secret_expires_at"), row.getBoolean("active"),
                row.getString("disabled_reason"), row.getOffsetDateTime("disabled_at"),
                row.getOffsetDateTime("failing_since"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }
}
