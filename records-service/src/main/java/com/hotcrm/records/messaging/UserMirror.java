package com.hotcrm.records.messaging;

import java.time.Duration;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the CRM's read-only User object ({@code crm."user"}) equal to auth-service's users, from the user
 * changes on {@code hotcrm.user-changes} (all under one key, so in order: a manager before their reports).
 * Upserts are idempotent, so a redelivered event changes nothing; the offset is committed only after the
 * row is written.
 */
@ApplicationScoped
public class UserMirror {

    private static final Logger LOG = Logger.getLogger(UserMirror.class);
    static final String UPSERT = """
            INSERT INTO crm."user" ("id", "name", "email", "title", "department", "role", "manager_id", "is_active",
                "language", "created_date", "modified_date", "created_by_id", "modified_by_id")
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
            ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "email" = EXCLUDED."email",
                "title" = EXCLUDED."title", "department" = EXCLUDED."department", "role" = EXCLUDED."role",
                "manager_id" = EXCLUDED."manager_id", "is_active" = EXCLUDED."is_active",
                "language" = EXCLUDED."language", "modified_date" = EXCLUDED."modified_date",
                "modified_by_id" = EXCLUDED."modified_by_id", "row_version" = crm."user"."row_version" + 1
            WHERE crm."user"."modified_date" <= EXCLUDED."modified_date"
            """;

    private final Pool pool;
    private final ObjectMapper json;

    UserMirror(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    @Incoming("user-changes")
    public Uni<Void> apply(String payload) {
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (Exception e) {
            LOG.errorf("Skipping a user change that is not JSON: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        JsonNode data = event.path("data");
        JsonNode user = data.path("record");
        if (!"User".equals(data.path("object").asText()) || user.path("Id").asText("").isEmpty()) {
            LOG.warnf("Skipping event %s: not a user change", event.path("id").asText());
            return Uni.createFrom().voidItem();
        }
        Tuple row = Tuple.tuple()
                .addValue(user.get("Id").asText())
                .addValue(text(user, "Name"))
                .addValue(text(user, "Email"))
                .addValue(text(user, "Title"))
                .addValue(text(user, "Department"))
                .addValue(text(user, "Role"))
                .addValue(text(user, "ManagerId"))
                .addValue(user.path("IsActive").asBoolean(true))
                .addValue(text(user, "Language"))
                .addValue(time(user, "CreatedDate"))
                .addValue(time(user, "ModifiedDate"))
                .addValue(text(data, "actorId"));
        return pool.preparedQuery(UPSERT).execute(row).replaceWithVoid()
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(20)
                .onFailure().invoke(e -> LOG.errorf("Could not mirror user %s: %s", user.get("Id").asText(), e.getMessage()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static OffsetDateTime time(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? OffsetDateTime.now() : OffsetDateTime.parse(value);
    }
}
