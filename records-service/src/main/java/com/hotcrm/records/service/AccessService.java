package com.hotcrm.records.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorDetail;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.data.query.SqlParams;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.ObjectPermissions;
import com.hotcrm.platform.security.Roles;
import com.hotcrm.platform.security.Sharing;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Admins' settings of record access (object permissions per role, sharing per object) and records shared
 * with a user. Every change is announced like a metadata change, so every replica of records-service and
 * query-service applies it at once.
 */
@ApplicationScoped
public class AccessService {

    static final List<String> FLAGS = List.of("read", "create", "edit", "delete", "viewAll", "modifyAll");

    private final Pool pool;
    private final AccessPolicy policy;
    private final MetadataRegistry registry;
    private final MetadataRepository metadata;

    AccessService(Pool pool, AccessPolicy policy, MetadataRegistry registry, MetadataRepository metadata) {
        this.pool = pool;
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

    /** {@code {"sharing": "private", "roles": {"sales_rep": {"delete": false}}}}: flags not given keep their value. */
    public Uni<Map<String, Object>> update(String objectName, ObjectNode body) {
        ObjectDef def = registry.requireByName(objectName);
        List<ErrorDetail> errors = new ArrayList<>();
        if (body == null) {
            throw CrmException.validation("Send {\"sharing\": ..., \"roles\": {...}}", List.of());
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("sharing") && !name.equals("roles") && !name.equals("fields")) {
                errors.add(ErrorDetail.of(name, "Unknown field '" + name + "'; use sharing, roles and fields"));
            }
        });
        Sharing sharing = null;
        if (body.has("sharing")) {
            sharing = Sharing.parse(body.get("sharing").asText(null)).orElse(null);
            if (sharing == null) {
                errors.add(ErrorDetail.of("sharing", "sharing must be public_read_write, public_read_only or private"));
            }
        }
        Map<String, ObjectPermissions> changed = new LinkedHashMap<>();
        JsonNode roles = body.path("roles");
        if (!roles.isMissingNode() && !roles.isObject()) {
            errors.add(ErrorDetail.of("roles", "roles must be an object of role name to permissions"));
        } else {
            roles.fields().forEachRemaining(entry -> {
                String role = entry.getKey();
                if (!Roles.ALL.contains(role)) {
                    errors.add(ErrorDetail.of("roles." + role, "Unknown role; roles are " + String.join(", ", Roles.ALL)));
                    return;
                }
                if (role.equals(Roles.ADMIN)) {
                    errors.add(ErrorDetail.of("roles.admin", "The admin role always has every permission"));
                    return;
                }
                ObjectPermissions current = policy.permissions(role, def);
                boolean[] flags = { current.read(), current.create(), current.edit(), current.delete(), current.viewAll(),
                        current.modifyAll() };
                entry.getValue().fields().forEachRemaining(flag -> {
                    int index = FLAGS.indexOf(flag.getKey());
                    if (index < 0 || !flag.getValue().isBoolean()) {
                        errors.add(ErrorDetail.of("roles." + role + "." + flag.getKey(),
                                "Permissions are true or false, named " + String.join(", ", FLAGS)));
                    } else {
                        flags[index] = flag.getValue().booleanValue();
                    }
                });
                changed.put(role, new ObjectPermissions(flags[0], flags[1], flags[2], flags[3], flags[4], flags[5]));
            });
        }
        // fields: {"AnnualRevenue": {"sales_rep": "hidden", "support_agent": "read_only", "read_only": "visible"}}
        List<String[]> fieldChanges = new ArrayList<>();
        JsonNode fieldsNode = body.path("fields");
        if (!fieldsNode.isMissingNode() && !fieldsNode.isObject()) {
            errors.add(ErrorDetail.of("fields", "fields must be an object of field name to {role: hidden | read_only | visible}"));
        } else {
            fieldsNode.fields().forEachRemaining(entry -> {
                String at = "fields." + entry.getKey();
                var field = def.field(entry.getKey()).orElse(null);
                if (field == null) {
                    errors.add(ErrorDetail.of(at, "Unknown field '" + entry.getKey() + "' on " + def.name()));
                    return;
                }
                if (field.system()) {
                    errors.add(ErrorDetail.of(at, "System fields are always visible and never writable"));
                    return;
                }
                entry.getValue().fields().forEachRemaining(rule -> {
                    String access = rule.getValue().asText("");
                    if (!Roles.ALL.contains(rule.getKey()) || Roles.ADMIN.equals(rule.getKey())) {
                        errors.add(ErrorDetail.of(at + "." + rule.getKey(), "Roles are " + String.join(", ", Roles.ALL)
                                + "; admins see every field"));
                    } else if (!List.of("hidden", "read_only", "visible").contains(access)) {
                        errors.add(ErrorDetail.of(at + "." + rule.getKey(), "A field is hidden, read_only or visible for a role"));
                    } else {
                        fieldChanges.add(new String[] { field.name(), rule.getKey(), access });
                    }
                });
            });
        }
        if (!errors.isEmpty()) {
            throw CrmException.validation(errors.get(0).message(), errors);
        }
        Sharing newSharing = sharing;
        return pool.withTransaction(tx -> {
            List<Uni<Void>> writes = new ArrayList<>();
            if (newSharing != null) {
                writes.add(tx.preparedQuery("INSERT INTO crm.object_sharing (object, sharing) VALUES ($1, $2) "
                        + "ON CONFLICT (object) DO UPDATE SET sharing = EXCLUDED.sharing")
                        .execute(Tuple.of(def.name(), newSharing.label())).replaceWithVoid());
            }
            changed.forEach((role, p) -> writes.add(tx.preparedQuery("INSERT INTO crm.object_permission "
                    + "(object, role, can_read, can_create, can_edit, can_delete, view_all, modify_all) "
                    + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (object, role) DO UPDATE SET "
                    + "can_read = EXCLUDED.can_read, can_create = EXCLUDED.can_create, can_edit = EXCLUDED.can_edit, "
                    + "can_delete = EXCLUDED.can_delete, view_all = EXCLUDED.view_all, modify_all = EXCLUDED.modify_all")
                    .execute(Tuple.tuple().addValue(def.name()).addValue(role).addValue(p.read()).addValue(p.create())
                            .addValue(p.edit()).addValue(p.delete()).addValue(p.viewAll()).addValue(p.modifyAll())).replaceWithVoid()));
            for (String[] change : fieldChanges) {
                writes.add((change[2].equals("visible")
                        ? tx.preparedQuery("DELETE FROM crm.field_permission WHERE object = $1 AND field = $2 AND role = $3")
                                .execute(Tuple.of(def.name(), change[0], change[1]))
                        : tx.preparedQuery("INSERT INTO crm.field_permission (object, field, role, access) VALUES ($1, $2, $3, $4) "
                                + "ON CONFLICT (object, field, role) DO UPDATE SET access = EXCLUDED.access")
                                .execute(Tuple.of(def.name(), change[0], change[1], change[2]))).replaceWithVoid());
            }
            Uni<Void> all = writes.isEmpty() ? Uni.createFrom().voidItem()
                    : Uni.join().all(writes).andFailFast().replaceWithVoid();
            return all.call(() -> metadata.announceChange(tx, def.name()));
        }).call(() -> policy.load(pool)).map(v -> describe(def));
    }

    /** Shares a record with a user ({@code read} or {@code edit}); the caller must be able to edit it. */
    public Uni<Map<String, Object>> share(Caller caller, ObjectNode body) {
        String recordId = body == null ? null : body.path("recordId").asText(null);
        String userId = body == null ? null : body.path("userId").asText(null);
        String access = body == null ? "read" : body.path("access").asText("read");
        List<ErrorDetail> errors = new ArrayList<>();
        ObjectDef def = recordId == null ? null : RecordIds.prefixOf(recordId).flatMap(registry::byIdPrefix).orElse(null);
        if (def == null) {
            errors.add(ErrorDetail.of("recordId", "recordId must be the id of a record"));
        }
        if (userId == null || !userId.startsWith("usr_")) {
            errors.add(ErrorDetail.of("userId", "userId must be the id of a user (usr_...)"));
        }
        if (!access.equals("read") && !access.equals("edit")) {
            errors.add(ErrorDetail.of("access", "access must be read or edit"));
        }
        if (!errors.isEmpty()) {
            throw CrmException.validation(errors.get(0).message(), errors);
        }
        return requireEditable(caller, def, recordId)
                .flatMap(ok -> pool.preparedQuery("INSERT INTO crm.record_share (record_id, user_id, object, access) "
                        + "VALUES ($1, $2, $3, $4) ON CONFLICT (record_id, user_id) DO UPDATE SET access = EXCLUDED.access")
                        .execute(Tuple.of(recordId, userId, def.name(), access)))
                .map(done -> Map.of("recordId", recordId, "userId", userId, "access", access));
    }

    public Uni<Void> unshare(Caller caller, String recordId, String userId) {
        ObjectDef def = recordId == null ? null : RecordIds.prefixOf(recordId).flatMap(registry::byIdPrefix).orElse(null);
        if (def == null || userId == null) {
            throw CrmException.validation("recordId", "Give recordId and userId of the share to remove");
        }
        return requireEditable(caller, def, recordId)
                .flatMap(ok -> pool.preparedQuery("DELETE FROM crm.record_share WHERE record_id = $1 AND user_id = $2")
                        .execute(Tuple.of(recordId, userId)))
                .replaceWithVoid();
    }

    private Uni<Void> requireEditable(Caller caller, ObjectDef def, String recordId) {
        policy.require(caller, def, ObjectPermissions.Operation.EDIT);
        SqlParams params = new SqlParams();
        String idParam = params.add(recordId);
        String editable = policy.editable(caller, def, "t0", params);
        return pool.preparedQuery("SELECT 1 FROM " + com.hotcrm.platform.metadata.Naming.crmTable(def.table()) + " t0 WHERE t0.\"id\" = "
                + idParam + (editable == null ? "" : " AND " + editable))
                .execute(Tuple.from(params.values()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw CrmException.notFound("No " + def.name() + " with id " + recordId + " that you can share");
                    }
                    return null;
                });
    }
}
