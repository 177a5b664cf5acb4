package com.hotcrm.platform.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An object (Account, Opportunity, a custom {@code Project__c}...): its names, id prefix, table, fields
 * (system fields first) and validation rules.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectDef(String name, String label, String labelPlural, String path, String idPrefix, String table,
        boolean custom, boolean readOnly, List<FieldDef> fields, List<ValidationRule> validationRules) {

    /** The fields every object has; clients cannot write them. */
    public static final List<String> SYSTEM_FIELDS = List.of("Id", "OwnerId", "CreatedDate", "ModifiedDate",
            "CreatedById", "ModifiedById");

    public ObjectDef {
        fields = List.copyOf(fields);
        validationRules = validationRules == null ? List.of() : List.copyOf(validationRules);
    }

    /** An object with the system fields put in front of its own. */
    public static ObjectDef of(String name, String label, String labelPlural, String path, String idPrefix,
            boolean custom, boolean readOnly, List<FieldDef> ownFields, List<ValidationRule> rules) {
        List<FieldDef> all = new ArrayList<>(systemFields());
        all.addAll(ownFields);
        return new ObjectDef(name, label, labelPlural, path, idPrefix, Naming.snakeCase(name), custom, readOnly, all, rules);
    }

    static List<FieldDef> systemFields() {
        return List.of(
                FieldDef.builder("Id", FieldType.ID).label("Record ID").system().build(),
                FieldDef.builder("OwnerId", FieldType.LOOKUP).label("Owner").referencesAnyOf("User").system().build(),
                FieldDef.builder("CreatedDate", FieldType.DATETIME).label("Created Date").system().build(),
                FieldDef.builder("ModifiedDate", FieldType.DATETIME).label("Modified Date").system().build(),
                FieldDef.builder("CreatedById", FieldType.LOOKUP).label("Created By").referencesAnyOf("User").system().build(),
                FieldDef.builder("ModifiedById", FieldType.LOOKUP).label("Modified By").referencesAnyOf("User").system().build());
    }

    @JsonIgnore
    public Optional<FieldDef> field(String fieldName) {
        for (FieldDef field : fields) {
            if (field.name().equals(fieldName)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** The lookup whose relationship name is given, e.g. {@code Account} for {@code AccountId}. */
    @JsonIgnore
    public Optional<FieldDef> parentRelationship(String relationshipName) {
        return fields.stream().filter(f -> f.isSingleLookup() && relationshipName.equals(f.relationshipName())).findFirst();
    }

    /** A copy with one more field. */
    public ObjectDef withField(FieldDef field) {
        List<FieldDef> all = new ArrayList<>(fields);
        all.add(field);
        return new ObjectDef(name, label, labelPlural, path, idPrefix, table, custom, readOnly, all, validationRules);
    }
}
