package com.hotcrm.records.repository;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.data.query.SqlParams;
import com.hotcrm.platform.metadata.Naming;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.security.ObjectPermissions;
import com.hotcrm.platform.security.Sharing;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of record access settings (V5, V6): sharing per object, permissions per object and role, field
 * access per object, field and role, and records shared with a user. Settings are written on the caller's
 * transaction, which also announces the change.
 */
@ApplicationScoped
public class AccessRepository {

    /** A field's access for a role: {@code hidden}, {@code read_only}, or {@code visible} (the default, no row). */
    public record FieldAccess(String field, String role, String access) {
    }

    private final Pool pool;

    AccessRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> saveSharing(SqlClient tx, String object, Sharing sharing) {
        return tx.preparedQuery("INSERT INTO crm.object_sharing (object, sharing) VALUES ($1, $2) "
                + "ON CONFLICT (object) DO UPDATE SET sharing = EXCLUDED.sharing")
                .execute(Tuple.of(object, sharing.label())).replaceWithVoid();
    }

    public Uni<Void> savePermissions(SqlClient tx, String object, String role, ObjectPermissions p) {
        return tx.preparedQuery("INSERT INTO crm.object_permission "
                + "(object, role, can_read, can_create, can_edit, can_delete, view_all, modify_all) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (object, role) DO UPDATE SET "
                + "can_read = EXCLUDED.can_read, can_create = EXCLUDED.can_create, can_edit = EXCLUDED.can_edit, "
                + "can_delete = EXCLUDED.can_delete, view_all = EXCLUDED.view_all, modify_all = EXCLUDED.modify_all")
                .execute(Tuple.tuple().addValue(object).addValue(role).addValue(p.read()).addValue(p.create())
                        .addValue(p.edit()).addValue(p.delete()).addValue(p.viewAll()).addValue(p.modifyAll()))
                .replaceWithVoid();
    }

    /** {@code visible} removes the field's rule for the role; the others set it. */
    public Uni<Void> saveFieldAccess(SqlClient tx, String object, FieldAccess change) {
        if (change.access().equals("visible")) {
            return tx.preparedQuery("DELETE FROM crm.field_permission WHERE object = $1 AND field = $2 AND role = $3")
                    .execute(Tuple.of(object, change.field(), change.role())).replaceWithVoid();
        }
        return tx.preparedQuery("INSERT INTO crm.field_permission (object, field, role, access) VALUES ($1, $2, $3, $4) "
                + "ON CONFLICT (object, field, role) DO UPDATE SET access = EXCLUDED.access")
                .execute(Tuple.of(object, change.field(), change.role(), change.access())).replaceWithVoid();
    }

    public Uni<Void> share(String recordId, String userId, String object, String access) {
        return pool.preparedQuery("INSERT INTO crm.record_share (record_id, user_id, object, access) "
                + "VALUES ($1, $2, $3, $4) ON CONFLICT (record_id, user_id) DO UPDATE SET access = EXCLUDED.access")
                .execute(Tuple.of(recordId, userId, object, access)).replaceWithVoid();
    }

    public Uni<Void> unshare(String recordId, String userId) {
        return pool.preparedQuery("DELETE FROM crm.record_share WHERE record_id = $1 AND user_id = $2")
                .execute(Tuple.of(recordId, userId)).replaceWithVoid();
    }

    /**
     * Whether the record whose id is parameter {@code idParam} exists and meets {@code condition} (an access
     * predicate on alias {@code t0}, or null for none); {@code params} holds the values of both.
     */
    public Uni<Boolean> exists(ObjectDef def, String idParam, String condition, SqlParams params) {
        return pool.preparedQuery("SELECT 1 FROM " + Naming.crmTable(def.table()) + " t0 WHERE t0.\"id\" = " + idParam
                + (condition == null ? "" : " AND " + condition))
                .execute(Tuple.from(params.values()))
                .map(rows -> rows.size() > 0);
    }
}
