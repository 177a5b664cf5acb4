package com.hotcrm.sdk.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /metadata/objects/{name}}: an object's fields, relationships (parent lookups and child
 * relationships) and validation rules. Relationships and rules are kept as the API sends them.
 */
public record ObjectSchema(String name, String label, String labelPlural, String path, String idPrefix, Boolean custom,
        List<Field> fields, List<Map<String, Object>> relationships, List<Map<String, Object>> validationRules) {

    /** One field: its API name, type ({@code text}, {@code currency}, {@code lookup}...), and constraints. */
    public record Field(String name, String type, String label, boolean required, Integer length,
            List<String> picklistValues, Object referenceTo, String relationshipName, boolean readOnly,
            boolean unique, boolean system, Object defaultValue) {
    }

    public Optional<Field> field(String name) {
        return fields == null ? Optional.empty() : fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
