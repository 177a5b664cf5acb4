package com.hotcrm.records.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.data.query.SqlParams;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorDetail;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.ObjectPermissions;
import com.hotcrm.platform.security.Roles;
import com.hotcrm.platform.security.Sharing;
import com.hotcrm.records.repository.AccessRepository;
import com.hotcrm.records.rest.PermissionChanges;
import com.hotcrm.records.rest.ShareRequest;
import com.hotcrm.records.repository.AccessRepository.FieldAccess;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Admins' settings of record access (object permissions per role, sharing per object) and records shared
 * with a user, checked here and written by {@link AccessRepository}. Every change is announced like a metadata change, so every replica of records-service and
 * query-service applies it at once.
 */
@ApplicationScoped
public class AccessService {

    private final Pool pool;
    private final AccessRepository access;
    private final AccessPolicy policy;
    private final MetadataRegistry registry;
    private final MetadataRepository metadata;

    AccessService(Pool pool, AccessRepository access, AccessPolicy policy, MetadataRegistry registry,
            MetadataRepository metadata) {
        this.pool = pool;
        this.access = access;
        this.policy = policy;
        this.registry = registry;
        this.metadata = metadata;
    }

    /** An object's sharing and each role's permissions, as they apply now. */
    public Map<String, Object> describe(ObjectDef def) {
        Map<String, Object> roles = new LinkedHashMap<>();
        for (String role : Roles.ALL) {
            roles.put(role, policy.permissions(role, def));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (var field : def.fields()) {
            Map<String, String> byRole = new LinkedHashMap<>();
            for (String role : Roles.ALL) {
                String access = policy.fieldAccess(role, def, field.name());
                if (!access.equals("visible")) {
                    byRole.put(role, access);
                }
            }
            if (!byRole.isEmpty()) {
                fields.put(field.name(), byRole);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", def.name());
        out.put("sharing", policy.sharing(def).label());
        out.put("roles", roles);
        out.put("fields", fields);
        return out;
    }

    public List<Map<String, Object>> describeAll() {
        return registry.all().stream().map(this::describe).toList();
    }

    /**
     * {@code {"sharing": "private", "roles": {"sales_rep": {"delete": false}}}}: flags not given keep their value.
     * Bean Validation has checked the shape, the roles and the levels; the field names are checked here.
     */
    public Uni<Map<String, Object>> update(String objectName, PermissionChanges body) {
        ObjectDef def = registry.requireByName(objectName);
        List<ErrorDetail> errors = new ArrayList<>();
        Sharing sharing = body.sharing() == null ? null : Sharing.parse(body.sharing()).orElseThrow();
        Map<String, ObjectPermissions> changed = new LinkedHashMap<>();
        if (body.roles() != null) {
            body.roles().forEach((role, set) -> {
                ObjectPermissions current = policy.permissions(role, def);
                changed.put(role, new ObjectPermissions(or(set.read(), current.read()), or(set.create(), current.create()),
                        or(set.edit(), current.edit()), or(set.delete(), current.delete()),
                        or(set.viewAll(), current.viewAll()), or(set.modifyAll(), current.modifyAll())));
            });
        }
        // fields: {"AnnualRevenue": {"sales_rep": "hidden", "support_agent": "read_only", "read_only": "visible"}}
        List<FieldAccess> fieldChanges = new ArrayList<>();
        if (body.fields() != null) {
            body.fields().forEach((name, rules) -> {
                String at = "fields." + name;
                var field = def.field(name).orElse(null);
                if (field == null) {
                    errors.add(ErrorDetail.of(at, "Unknown field '" + name + "' on " + def.name()));
                } else if (field.system()) {
                    errors.add(ErrorDetail.of(at, "System fields are always visible and never writable"));
                } else {
                    rules.forEach((role, level) -> fieldChanges.add(new FieldAccess(field.name(), role, level)));
                }
            });
        }
        if (!errors.isEmpty()) {
            throw CrmException.validation(errors.get(0).message(), errors);
        }
        Sharing newSharing = sharing;
        return pool.withTransaction(tx -> {
            List<Uni<Void>> writes = new ArrayList<>();
            if (newSharing != null) {
                writes.add(access.saveSharing(tx, def.name(), newSharing));
            }
            changed.forEach((role, p) -> writes.add(access.savePermissions(tx, def.name(), role, p)));
            fieldChanges.forEach(change -> writes.add(access.saveFieldAccess(tx, def.name(), change)));
            Uni<Void> all = writes.isEmpty() ? Uni.createFrom().voidItem()
                    : Uni.join().all(writes).andFailFast().replaceWithVoid();
            return all.call(() -> metadata.announceChange(tx, def.name()));
        }).call(() -> policy.load(pool)).map(v -> describe(def));
    }

    /** Shares a record with a user ({@code read} or {@code edit}); the caller must be able to edit it. */
    public Uni<Map<String, Object>> share(Caller caller, ShareRequest request) {
        String recordId = request.recordId();
        String userId = request.userId();
        String level = request.accessOrDefault();
        ObjectDef def = RecordIds.prefixOf(recordId).flatMap(registry::byIdPrefix).orElse(null);
        if (def == null) {
            throw CrmException.validation("recordId", "recordId must be the id of a record");
        }
        return requireEditable(caller, def, recordId)
                .flatMap(ok -> access.share(recordId, userId, def.name(), level))
                .map(done -> Map.of("recordId", recordId, "userId", userId, "access", level));
    }

    public Uni<Void> unshare(Caller caller, String recordId, String userId) {
        ObjectDef def = recordId == null ? null : RecordIds.prefixOf(recordId).flatMap(registry::byIdPrefix).orElse(null);
        if (def == null || userId == null) {
            throw CrmException.validation("recordId", "Give recordId and userId of the share to remove");
        }
        return requireEditable(caller, def, recordId)
                .flatMap(ok -> access.unshare(recordId, userId));
    }

    private Uni<Void> requireEditable(Caller caller, ObjectDef def, String recordId) {
        policy.require(caller, def, ObjectPermissions.Operation.EDIT);
        SqlParams params = new SqlParams();
        String idParam = params.add(recordId);
        String editable = policy.editable(caller, def, "t0", params);
        return access.exists(def, idParam, editable, params).map(found -> {
            if (!found) {
                throw CrmException.notFound("No " + def.name() + " with id " + recordId + " that you can share");
            }
            return null;
        });
    }

    private static boolean or(Boolean set, boolean current) {
        return set != null ? set : current;
    }
}
