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

    static final List<String> FLAGS = List.of("read", "create", "edit", "delete", "viewAll", "modifyAll");

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
        List<FieldAccess> fieldChanges = new ArrayList<>();
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
                    String level = rule.getValue().asText("");
                    if (!Roles.ALL.contains(rule.getKey()) || Roles.ADMIN.equals(rule.getKey())) {
                        errors.add(ErrorDetail.of(at + "." + rule.getKey(), "Roles are " + String.join(", ", Roles.ALL)
                                + "; admins see every field"));
                    } else if (!List.of("hidden", "read_only", "visible").contains(level)) {
                        errors.add(ErrorDetail.of(at + "." + rule.getKey(), "A field is hidden, read_only or visible for a role"));
                    } else {
                        fieldChanges.add(new FieldAccess(field.name(), rule.getKey(), level));
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
}
