package com.hotcrm.data.records;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorDetail;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.ObjectDef;

/**
 * What a read returns: the object's own fields and, through lookups, its parents' fields in dot notation
 * ({@code fields=Name,Amount,Account.Name,Account.Parent.Name}). Parsed once per request and checked
 * against metadata; unknown names are a VALIDATION_ERROR naming each of them.
 */
public record FieldSelection(ObjectDef object, List<FieldDef> fields, Map<String, Parent> parents) {

    /** A parent reached through {@code lookup}, with what is selected of it. */
    public record Parent(FieldDef lookup, FieldSelection selection) {
    }

    static final int MAX_DEPTH = 5;

    /** Every field of the object, no parents. */
    public static FieldSelection all(ObjectDef object) {
        return new FieldSelection(object, object.fields(), Map.of());
    }

    /**
     * @param fieldsParam the comma-separated {@code fields} parameter; null or blank means all fields
     */
    public static FieldSelection parse(ObjectDef object, String fieldsParam, MetadataRegistry registry) {
        return parse(object, fieldsParam, registry, java.util.function.UnaryOperator.identity());
    }

    /**
     * @param view what the caller may see of a parent object (its hidden fields removed): parents reached in
     *             dot notation are checked against it, like the object itself
     */
    public static FieldSelection parse(ObjectDef object, String fieldsParam, MetadataRegistry registry,
            java.util.function.UnaryOperator<ObjectDef> view) {
        if (fieldsParam == null || fieldsParam.isBlank()) {
            return all(object);
        }
        List<ErrorDetail> errors = new ArrayList<>();
        Builder root = new Builder(object);
        root.add(object.field("Id").orElseThrow());
        for (String raw : fieldsParam.split(",")) {
            String path = raw.strip(); // only whitespace: a NUL or other control character is part of an unknown name
            if (path.isEmpty()) {
                continue;
            }
            String[] parts = path.split("\\.");
            if (parts.length > MAX_DEPTH + 1) {
                errors.add(ErrorDetail.of(path, "Field paths go at most " + MAX_DEPTH + " relationships deep"));
                continue;
            }
            Builder current = root;
            for (int i = 0; i < parts.length - 1 && current != null; i++) {
                String relationship = parts[i];
                FieldDef lookup = current.object.parentRelationship(relationship).orElse(null);
                if (lookup == null) {
                    errors.add(ErrorDetail.of(path, "'" + relationship + "' is not a parent relationship of " + current.object.name()));
                    current = null;
                } else {
                    ObjectDef target = view.apply(registry.requireByName(lookup.target()));
                    current = current.parent(lookup, target);
                }
            }
            if (current == null) {
                continue;
            }
            String name = parts[parts.length - 1];
            FieldDef field = current.object.field(name).orElse(null);
            if (field == null) {
                errors.add(ErrorDetail.of(path, "Unknown field '" + name + "' on " + current.object.name()));
            } else {
                current.add(field);
            }
        }
        if (!errors.isEmpty()) {
            throw CrmException.validation(errors.size() == 1 ? errors.get(0).message() : "Unknown fields in 'fields'", errors);
        }
        return root.build();
    }

    private static final class Builder {
        private final ObjectDef object;
        private final List<FieldDef> fields = new ArrayList<>();
        private final Map<String, Builder> parents = new LinkedHashMap<>();
        private final Map<String, FieldDef> lookups = new LinkedHashMap<>();

        Builder(ObjectDef object) {
            this.object = object;
        }

        void add(FieldDef field) {
            if (!fields.contains(field)) {
                fields.add(field);
            }
        }

        Builder parent(FieldDef lookup, ObjectDef target) {
            lookups.put(lookup.relationshipName(), lookup);
            return parents.computeIfAbsent(lookup.relationshipName(), k -> {
                Builder b = new Builder(target);
                b.add(target.field("Id").orElseThrow());
                return b;
            });
        }

        FieldSelection build() {
            Map<String, Parent> built = new LinkedHashMap<>();
            parents.forEach((name, b) -> built.put(name, new Parent(lookups.get(name), b.build())));
            return new FieldSelection(object, List.copyOf(fields), built);
        }
    }
}
