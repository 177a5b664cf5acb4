package com.hotcrm.data.access;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.query.FilterCompiler;
import com.hotcrm.data.query.SqlParams;
import com.hotcrm.platform.security.AccessDefaults;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.ObjectPermissions;
import com.hotcrm.platform.security.ObjectPermissions.Operation;
import com.hotcrm.platform.security.Roles;
import com.hotcrm.platform.security.Sharing;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Who may do what to which records: object permissions per role and each object's sharing, the defaults of
 * {@link AccessDefaults} unless an admin changed them ({@code crm.object_permission},
 * {@code crm.object_sharing}, reloaded with the metadata), and the SQL that limits a statement to the
 * records a caller reaches: their own, those of the users below them in the manager hierarchy
 * ({@code crm."user".manager_id}), and those shared with them ({@code crm.record_share}).
 */
@ApplicationScoped
public class AccessPolicy {

    private volatile Map<String, Map<String, ObjectPermissions>> permissions = Map.of();
    private volatile Map<String, Sharing> sharing = Map.of();
    /** object → field → role → hidden or read_only. */
    private volatile Map<String, Map<String, Map<String, String>>> fields = Map.of();
    private volatile boolean loaded;

    /** Reads the admins' changes; call at start and whenever metadata changes. */
    public Uni<Void> load(SqlClient client) {
        return client.query("SELECT object, role, can_read, can_create, can_edit, can_delete, view_all, modify_all "
                + "FROM crm.object_permission").execute()
                .flatMap(rows -> {
                    Map<String, Map<String, ObjectPermissions>> loaded = new HashMap<>();
                    for (Row row : rows) {
                        loaded.computeIfAbsent(row.getString("object"), k -> new HashMap<>()).put(row.getString("role"),
                                new ObjectPermissions(row.getBoolean("can_read"), row.getBoolean("can_create"),
                                        row.getBoolean("can_edit"), row.getBoolean("can_delete"),
                                        row.getBoolean("view_all"), row.getBoolean("modify_all")));
                    }
                    return client.query("SELECT object, sharing FROM crm.object_sharing").execute().flatMap(sharingRows -> {
                        Map<String, Sharing> loadedSharing = new HashMap<>();
                        for (Row row : sharingRows) {
                            Sharing.parse(row.getString("sharing")).ifPresent(s -> loadedSharing.put(row.getString("object"), s));
                        }
                        return client.query("SELECT object, field, role, access FROM crm.field_permission").execute().map(fieldRows -> {
                            Map<String, Map<String, Map<String, String>>> loadedFields = new HashMap<>();
                            for (Row row : fieldRows) {
                                loadedFields.computeIfAbsent(row.getString("object"), k -> new HashMap<>())
                                        .computeIfAbsent(row.getString("field"), k -> new HashMap<>())
                                        .put(row.getString("role"), row.getString("access"));
                            }
                            permissions = loaded;
                            sharing = loadedSharing;
                            fields = loadedFields;
                            this.loaded = true;
                            return null;
                        });
                    });
                });
    }

    /** A role's permissions on an object: the admin's setting, else the default. */
    public ObjectPermissions permissions(String role, ObjectDef def) {
        if (!loaded) {
            // an admin's restriction must never be missed: nothing is decided before it is read
            throw new CrmException(ErrorCode.SERVER_ERROR, "Access settings are still loading; try again shortly");
        }
        ObjectPermissions set = permissions.getOrDefault(def.name(), Map.of()).get(role);
        return set != null ? set : AccessDefaults.permissions(role, def.name(), def.custom());
    }

    /** What the caller's roles grant together. */
    public ObjectPermissions permissions(Caller caller, ObjectDef def) {
        ObjectPermissions granted = ObjectPermissions.NONE;
        for (String role : caller.roles()) {
            granted = granted.or(permissions(role, def));
        }
        return granted;
    }

    public Sharing sharing(ObjectDef def) {
        return sharing.getOrDefault(def.name(), AccessDefaults.sharing(def.name()));
    }

    /** hidden, read_only or visible: what a field is for a role. */
    public String fieldAccess(String role, ObjectDef def, String field) {
        if (Roles.ADMIN.equals(role)) {
            return "visible";
        }
        return fields.getOrDefault(def.name(), Map.of()).getOrDefault(field, Map.of()).getOrDefault(role, "visible");
    }

    /**
     * The object as the caller may see it: without the fields hidden from them, and with the fields read-only
     * for them marked so. With several roles, a field is hidden or read-only only if every role says so. Every
     * check of names (fields, filters, sorts, group keys, bodies) done against this copy treats a hidden
     * field as one that does not exist.
     */
    public ObjectDef view(Caller caller, ObjectDef def) {
        Map<String, Map<String, String>> rules = fields.getOrDefault(def.name(), Map.of());
        if (rules.isEmpty() || caller.isAdmin()) {
            return def;
        }
        List<FieldDef> visible = new ArrayList<>();
        boolean changed = false;
        for (FieldDef field : def.fields()) {
            Map<String, String> byRole = rules.get(field.name());
            if (byRole == null || field.system()) {
                visible.add(field);
                continue;
            }
            boolean hidden = caller.roles().stream().allMatch(r -> "hidden".equals(byRole.get(r)));
            boolean readOnly = caller.roles().stream().allMatch(r -> byRole.get(r) != null);
            if (hidden) {
                changed = true;
            } else if (readOnly && !field.readOnly()) {
                changed = true;
                visible.add(new FieldDef(field.name(), field.label(), field.type(), field.required(), field.length(),
                        field.scale(), field.min(), field.max(), field.picklistValues(), field.referenceTo(),
                        field.relationshipName(), field.childRelationshipName(), field.onDelete(), field.unique(), true,
                        field.system(), field.defaultValue(), field.indexed()));
            } else {
                visible.add(field);
            }
        }
        if (!changed) {
            return def;
        }
        return new ObjectDef(def.name(), def.label(), def.labelPlural(), def.path(), def.idPrefix(), def.table(), def.custom(),
                def.readOnly(), visible, def.validationRules());
    }

    /** PERMISSION_ERROR unless the caller's roles allow the operation on the object at all. */
    public ObjectPermissions require(Caller caller, ObjectDef def, Operation operation) {
        ObjectPermissions granted = permissions(caller, def);
        if (!granted.allows(operation)) {
            throw CrmException.permission("Your role (" + String.join(", ", caller.roles()) + ") may not "
                    + operation.verb() + " " + def.name() + " records");
        }
        return granted;
    }

    /**
     * The condition on {@code alias} (a table of {@code def}) that keeps the rows the caller may read, or null
     * when they may read every row.
     */
    public String readable(Caller caller, ObjectDef def, String alias, SqlParams params) {
        return readsEveryRow(caller, def) ? null : reach(caller, alias, params, false);
    }

    /** Whether the caller may read every row of {@code def} (view all, modify all, or sharing not private). */
    public boolean readsEveryRow(Caller caller, ObjectDef def) {
        ObjectPermissions granted = permissions(caller, def);
        return granted.viewAll() || granted.modifyAll() || sharing(def) != Sharing.PRIVATE;
    }

    /**
     * The condition on {@code alias} that keeps a parent reached through a lookup (dot notation, {@code related}, a
     * lookup being written) only when the caller may read it: their roles may read its object and the row passes
     * {@link #readable}. Null when every row is readable. A parent that fails it is treated exactly like one that
     * does not exist, so neither its fields nor its existence leak through a child the caller can read.
     */
    public String readableParent(Caller caller, ObjectDef def, String alias, SqlParams params) {
        if (!permissions(caller, def).allows(Operation.READ)) {
            return "FALSE";
        }
        return readable(caller, def, alias, params);
    }

    /**
     * What a filter of the caller's may follow ({@link FilterCompiler.Relations}): parents and children as the caller
     * sees them (hidden fields removed), and, inside each, only the rows {@link #readableParent} keeps, so a filter
     * on a related record the caller may not read behaves as if it did not exist.
     */
    public FilterCompiler.Relations relations(Caller caller, MetadataRegistry registry) {
        return new FilterCompiler.Relations() {
            @Override
            public Optional<ObjectDef> parent(FieldDef lookup) {
                return lookup.isSingleLookup() ? registry.byName(lookup.target()).map(def -> view(caller, def))
                        : Optional.empty();
            }

            @Override
            public Optional<Child> child(ObjectDef parent, String relationshipName) {
                return registry.children(parent).stream().filter(c -> c.name().equals(relationshipName)).findFirst()
                        .map(c -> new Child(view(caller, c.child()), c.lookup()))
                        // a lookup hidden from the caller is no way to its children
                        .filter(c -> c.object().field(c.lookup().name()).isPresent());
            }

            @Override
            public String readable(ObjectDef def, String alias, SqlParams params) {
                return readableParent(caller, def, alias, params);
            }
        };
    }

    /** The condition that keeps the rows the caller may change, or null when they may change every row. */
    public String editable(Caller caller, ObjectDef def, String alias, SqlParams params) {
        if (permissions(caller, def).modifyAll() || sharing(def) == Sharing.PUBLIC_READ_WRITE) {
            return null;
        }
        return reach(caller, alias, params, true);
    }

    /** Owned by the caller or someone below them, or shared with them (for editing: shared to edit). */
    private static String reach(Caller caller, String alias, SqlParams params, boolean edit) {
        String me = params.add(caller.userId());
        return "(" + alias + ".\"owner_id\" = " + me
                + " OR " + alias + ".\"owner_id\" IN (WITH RECURSIVE below(id) AS ("
                + "SELECT u.\"id\" FROM crm.\"user\" u WHERE u.\"manager_id\" = " + me
                + " UNION SELECT u.\"id\" FROM crm.\"user\" u JOIN below b ON u.\"manager_id\" = b.id) SELECT id FROM below)"
                + " OR EXISTS (SELECT 1 FROM crm.record_share s WHERE s.record_id = " + alias + ".\"id\" AND s.user_id = " + me
                + (edit ? " AND s.access = 'edit'" : "") + "))";
    }
}
