package com.hotcrm.records.repository;

import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The CRM's read-only User object ({@code crm."user"}), a mirror of auth-service's users. Written only here,
 * by one idempotent upsert: a change older than the row is ignored, and one that changes nothing does not
 * touch the row (so neither a redelivered event nor a resync moves {@code row_version}).
 */
@ApplicationScoped
public class UserRepository {

    static final String UPSERT = """
            INSERT INTO crm."user" ("id", "name", "email", "title", "department", "role", "manager_id", "is_active",
                "language", "created_date", "modified_date", "created_by_id", "modified_by_id")
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
            ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "email" = EXCLUDED."email",
                "title" = EXCLUDED."title", "department" = EXCLUDED."department", "role" = EXCLUDED."role",
                "manager_id" = EXCLUDED."manager_id", "is_active" = EXCLUDED."is_active",
                "language" = EXCLUDED."language", "modified_date" = EXCLUDED."modified_date",
                "modified_by_id" = COALESCE(EXCLUDED."modified_by_id", crm."user"."modified_by_id"),
                "row_version" = crm."user"."row_version" + 1
            WHERE crm."user"."modified_date" <= EXCLUDED."modified_date"
              AND (crm."user"."name", crm."user"."email", crm."user"."title", crm."user"."department",
                   crm."user"."role", crm."user"."manager_id", crm."user"."is_active", crm."user"."language",
                   crm."user"."modified_date")
                  IS DISTINCT FROM
                  (EXCLUDED."name", EXCLUDED."email", EXCLUDED."title", EXCLUDED."department", EXCLUDED."role",
                   EXCLUDED."manager_id", EXCLUDED."is_active", EXCLUDED."language", EXCLUDED."modified_date")
            """;

    private final Pool pool;

    UserRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Writes one user as auth-service describes it (the CRM User fields: Id, Name, Email, ..., ModifiedDate).
     * A malformed date or a ManagerId naming no mirrored user fails: the caller decides whether to retry.
     *
     * @param actorId who made the change, when known (null keeps the row's last modifier)
     * @return whether the row changed (false when it already said the same, or says something newer)
     */
    public Uni<Boolean> upsert(Map<String, Object> user, String actorId) {
        Object id = user.get("Id");
        if (!(id instanceof String text) || text.isBlank()) {
            return Uni.createFrom().failure(new IllegalArgumentException("A user change without an Id"));
        }
        Tuple row = Tuple.tuple()
                .addValue(text)
                .addValue(text(user, "Name"))
                .addValue(text(user, "Email"))
                .addValue(text(user, "Title"))
                .addValue(text(user, "Department"))
                .addValue(text(user, "Role"))
                .addValue(text(user, "ManagerId"))
                .addValue(!Boolean.FALSE.equals(user.get("IsActive")))
                .addValue(text(user, "Language"))
                .addValue(time(user, "CreatedDate"))
                .addValue(time(user, "ModifiedDate"))
                .addValue(actorId);
        return pool.preparedQuery(UPSERT).execute(row).map(rows -> rows.rowCount() > 0);
    }

    private static String text(Map<String, Object> user, String field) {
        Object value = user.get(field);
        return value == null ? null : value.toString();
    }

    private static OffsetDateTime time(Map<String, Object> user, String field) {
        String value = text(user, field);
        return value == null ? OffsetDateTime.now() : OffsetDateTime.parse(value);
    }
}
