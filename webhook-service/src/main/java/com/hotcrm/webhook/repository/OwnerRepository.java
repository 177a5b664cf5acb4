package com.hotcrm.webhook.repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.RateLimitTier;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Webhook owners as the CRM knows them now: {@code crm."user"}, records-service's mirror of auth-service's
 * users (role, active, manager). Read, never written, here.
 */
@ApplicationScoped
public class OwnerRepository {

    /** A user who owns webhooks: their current role and whether they may still use HotCRM. */
    public record Owner(String id, String role, boolean active) {

        /** The owner as a caller, for the access rules: their current role, whatever their token said. */
        public Caller caller() {
            return new Caller(id, null, role == null ? Set.of() : Set.of(role), RateLimitTier.STANDARD, null);
        }
    }

    private final Pool pool;

    public OwnerRepository(Pool pool) {
        this.pool = pool;
    }

    /** The users among {@code ids} that exist, by id. */
    public Uni<Map<String, Owner>> find(Collection<String> ids) {
        return pool.preparedQuery("SELECT \"id\", \"role\", \"is_active\" FROM crm.\"user\" WHERE \"id\" = ANY ($1)")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Owner> found = new HashMap<>();
                    for (Row row : rows) {
                        found.put(row.getString("id"), new Owner(row.getString("id"), row.getString("role"),
                                !Boolean.FALSE.equals(row.getBoolean("is_active"))));
                    }
                    return found;
                });
    }
}
