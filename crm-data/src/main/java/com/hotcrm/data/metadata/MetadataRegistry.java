package com.hotcrm.data.metadata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.data.metadata.ObjectTableDdl;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.ObjectDef;

/**
 * Every object definition, in memory: nothing on the request path reads metadata from the database. It
 * is replaced whole when metadata changes ({@link #replace}), so readers always see one consistent
 * version.
 */
@ApplicationScoped
public class MetadataRegistry {

    /** A lookup from {@code child} to this object, e.g. Opportunity.AccountId for Account. */
    public record ChildRelationship(ObjectDef child, FieldDef lookup) {
        public String name() {
            return lookup.childRelationshipName();
        }
    }

    /** Which object and field a database constraint belongs to, to name it in an error. */
    public record ConstraintOwner(ObjectDef object, FieldDef field) {
    }

    private record Snapshot(Map<String, ObjectDef> byName, Map<String, ObjectDef> byPath, Map<String, ObjectDef> byPrefix,
            Map<String, List<ChildRelationship>> children, Map<String, ConstraintOwner> constraints) {
    }

    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    public void replace(Collection<ObjectDef> defs) {
        Map<String, ObjectDef> byName = new LinkedHashMap<>();
        Map<String, ObjectDef> byPath = new HashMap<>();
        Map<String, ObjectDef> byPrefix = new HashMap<>();
        Map<String, List<ChildRelationship>> children = new HashMap<>();
        Map<String, ConstraintOwner> constraints = new HashMap<>();
        for (ObjectDef def : defs) {
            byName.put(def.name(), def);
            if (def.path() != null) {
                byPath.put(def.path(), def);
            }
            byPrefix.put(def.idPrefix(), def);
            for (FieldDef field : def.fields()) {
                if (field.isSingleLookup() && !field.system()) {
                    children.computeIfAbsent(field.target(), k -> new ArrayList<>()).add(new ChildRelationship(def, field));
                    constraints.put(ObjectTableDdl.foreignKeyName(def, field), new ConstraintOwner(def, field));
                }
                if (field.unique()) {
                    constraints.put(ObjectTableDdl.uniqueIndexName(def, field), new ConstraintOwner(def, field));
                }
            }
        }
        snapshot = new Snapshot(Map.copyOf(byName), Map.copyOf(byPath), Map.copyOf(byPrefix), Map.copyOf(children),
                Map.copyOf(constraints));
    }

    public List<ObjectDef> all() {
        return List.copyOf(snapshot.byName().values());
    }

    public Optional<ObjectDef> byName(String name) {
        Snapshot s = snapshot;
        ObjectDef exact = s.byName().get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return s.byName().values().stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The object of a URL path segment ({@code accounts}); 404 in the envelope when there is none. */
    public ObjectDef requireByPath(String path) {
        ObjectDef def = snapshot.byPath().get(path.toLowerCase(Locale.ROOT));
        if (def == null) {
            throw CrmException.notFound("Unknown object '" + path + "': GET /v1/metadata/objects lists the objects");
        }
        return def;
    }

    /** An object by API name (or, for convenience, path); 404 when there is none. */
    public ObjectDef requireByName(String name) {
        return byName(name).or(() -> Optional.ofNullable(snapshot.byPath().get(name.toLowerCase(Locale.ROOT))))
                .orElseThrow(() -> CrmException.notFound("Unknown object '" + name + "'"));
    }

    public Optional<ObjectDef> byIdPrefix(String prefix) {
        return Optional.ofNullable(snapshot.byPrefix().get(prefix));
    }

    public List<ChildRelationship> children(ObjectDef parent) {
        return snapshot.children().getOrDefault(parent.name(), List.of());
    }

    public Optional<ConstraintOwner> constraintOwner(String constraintName) {
        return Optional.ofNullable(snapshot.constraints().get(constraintName));
    }
}
