package com.hotcrm.platform.metadata;

import java.math.BigDecimal;
import java.util.List;

/** Fluent construction of {@link FieldDef}s, for the standard catalogue and tests. */
public final class FieldBuilder {

    private final String name;
    private final FieldType type;
    private String label;
    private boolean required;
    private Integer length;
    private Integer scale;
    private BigDecimal min;
    private BigDecimal max;
    private List<String> picklistValues;
    private List<String> referenceTo;
    private String relationshipName;
    private String childRelationshipName;
    private OnDelete onDelete;
    private boolean unique;
    private boolean readOnly;
    private boolean system;
    private Object defaultValue;
    private boolean indexed;

    FieldBuilder(String name, FieldType type) {
        this.name = name;
        this.type = type;
    }

    public FieldBuilder label(String label) {
        this.label = label;
        return this;
    }

    public FieldBuilder required() {
        this.required = true;
        return this;
    }

    public FieldBuilder length(int length) {
        this.length = length;
        return this;
    }

    public FieldBuilder scale(int scale) {
        this.scale = scale;
        return this;
    }

    public FieldBuilder range(Number min, Number max) {
        this.min = min == null ? null : new BigDecimal(min.toString());
        this.max = max == null ? null : new BigDecimal(max.toString());
        return this;
    }

    public FieldBuilder values(String... values) {
        this.picklistValues = List.of(values);
        return this;
    }

    /** A lookup to one object: its parent's name in dot notation, the children's name on the parent. */
    public FieldBuilder references(String object, String relationshipName, String childRelationshipName, OnDelete onDelete) {
        this.referenceTo = List.of(object);
        this.relationshipName = relationshipName;
        this.childRelationshipName = childRelationshipName;
        this.onDelete = onDelete;
        this.indexed = true;
        return this;
    }

    /** A polymorphic lookup: it may point at a record of any of these objects. */
    public FieldBuilder referencesAnyOf(String... objects) {
        this.referenceTo = List.of(objects);
        this.indexed = true;
        return this;
    }

    public FieldBuilder unique() {
        this.unique = true;
        return this;
    }

    public FieldBuilder readOnly() {
        this.readOnly = true;
        return this;
    }

    public FieldBuilder system() {
        this.system = true;
        this.readOnly = true;
        return this;
    }

    public FieldBuilder defaultValue(Object value) {
        this.defaultValue = value;
        return this;
    }

    public FieldBuilder indexed() {
        this.indexed = true;
        return this;
    }

    public FieldDef build() {
        String shownLabel = label != null ? label : Labels.fromApiName(name);
        Integer textLength = length != null ? length : (type == FieldType.TEXT ? Integer.valueOf(255) : null);
        return new FieldDef(name, shownLabel, type, required, textLength, scale, min, max, picklistValues, referenceTo,
                relationshipName, childRelationshipName, onDelete, unique, readOnly, system, defaultValue, indexed);
    }
}
