package com.hotcrm.records.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.data.metadata.ObjectTableDdl;
import com.hotcrm.data.metadata.ObjectTableDdl.Index;
import com.hotcrm.data.metadata.SchemaRepository;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorDetail;
import com.hotcrm.platform.metadata.FieldBuilder;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.FieldType;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.ReservedNames;
import com.hotcrm.platform.metadata.OnDelete;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.web.TypedBody;
import com.hotcrm.records.rest.FieldDefinition;
import com.hotcrm.records.rest.ObjectDefinition;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Custom objects and fields, created online by admins: the definition and the DDL that makes its table or
 * column commit in one transaction (PostgreSQL's DDL is transactional), then every replica reloads its
 * registry. Custom names end in {@code __c}, so they can never clash with a standard object or field, now or
 * later; names that differ only in case or underscores would share a table or column (both are snake-cased),
 * so such a name is refused, checked again under the DDL lock against the catalog. An index on a table that
 * exists already is built concurrently after the commit ({@link IndexBuilder}).
 */
@ApplicationScoped
public class MetadataService {

    private final Pool pool;
    private final MetadataRepository metadata;
    private final MetadataRegistry registry;
    private final SchemaRepository schema;
    private final IndexBuilder indexBuilder;
    private final TypedBody bodies;

    public MetadataService(Pool pool, MetadataRepository metadata, MetadataRegistry registry, SchemaRepository schema,
            IndexBuilder indexBuilder, TypedBody bodies) {
        this.bodies = bodies;
        this.pool = pool;
        this.metadata = metadata;
        this.registry = registry;
        this.schema = schema;
        this.indexBuilder = indexBuilder;
    }

    /** One schema change, planned against the metadata and catalog as they are under the DDL lock. */
    private record Change(ObjectDef def, List<String> ddl, List<Index> concurrentIndexes) {
    }

    /** Changing the schema runs DDL on shared tables: admins only, before anything else is looked at. */
    static void requireSchemaRights(Caller caller) {
        if (caller == null || !caller.isAdmin()) {
            throw CrmException.permission("Only admins may change the schema (custom objects and fields)");
        }
    }

    /** The body is read only after the rights check: a non-admin hears 403 whatever it sent. */
    public Uni<ObjectDef> createObject(Caller caller, JsonNode json) {
        requireSchemaRights(caller);
        ObjectDefinition body = bodies.read(json, ObjectDefinition.class);
        List<ErrorDetail> errors = new ArrayList<>();
        String name = body.name();
        if (registry.byName(name).filter(d -> d.name().equals(name)).isPresent()) {
            errors.add(ErrorDetail.of("name", "An object named " + name + " exists already"));
        }
        String label = body.label().strip();
        String labelPlural = body.labelPlural();
        String prefix = body.idPrefix();
        if (prefix != null && registry.byIdPrefix(prefix).isPresent()) {
            errors.add(ErrorDetail.of("idPrefix", ObjectDefinition.PREFIX));
        }
        if (!errors.isEmpty()) {
            throw CrmException.validation(errors.get(0).message(), errors);
        }
        String path = name.toLowerCase(Locale.ROOT);
        if (ReservedNames.OBJECT_PATHS.contains(path)) {
            throw CrmException.validation("name", name + " is reserved");
        }
        ObjectDef shell = ObjectDef.of(name, label, labelPlural == null ? label + "s" : labelPlural, path,
                prefix != null ? prefix : freePrefix(name), true, false, List.of(), List.of());
        List<FieldDef> fields = new ArrayList<>();
        ObjectDef growing = shell;
        if (body.fields() != null) {
            for (int i = 0; i < body.fields().size(); i++) {
                String at = "fields[" + i + "]";
                FieldDef field = field(shell, body.fields().get(i), at);
                checkFieldClash(growing, Set.of(), field, at + ".name");
                growing = growing.withField(field);
                fields.add(field);
            }
        }
        ObjectDef def = ObjectDef.of(name, shell.label(), shell.labelPlural(), path, shell.idPrefix(), true, false, fields,
                List.of());
        checkObjectClash(registry.all(), Set.of(), def);
        List<String> ddl = new ArrayList<>(ObjectTableDdl.tableAndColumns(def));
        ddl.addAll(ObjectTableDdl.foreignKeys(def));
        // a new table is empty: its indexes are built in the transaction with it
        return apply((tx, current) -> schema.tables(tx).map(tables -> {
            checkObjectClash(current, tables, def);
            return new Change(def, ddl, List.of());
        })).map(Change::def);
    }

    public Uni<FieldDef> addField(Caller caller, String objectName, JsonNode json) {
        requireSchemaRights(caller);
        ObjectDef def = registry.requireByName(objectName);
        if (def.readOnly()) {
            throw CrmException.permission(def.labelPlural() + " cannot get custom fields here");
        }
        FieldDef field = field(def, bodies.read(json, FieldDefinition.class), null);
        checkFieldClash(def, Set.of(), field, "name");
        if (field.required()) {
            throw CrmException.validation("required", "A field added to an existing object cannot be required: "
                    + "its records have no value yet; add it, fill it, then mark it required");
        }
        return apply((tx, current) -> {
            // planned from the definition as stored now, so a field another replica just added is kept
            ObjectDef stored = current.stream().filter(d -> d.name().equals(def.name())).findFirst()
                    .orElseThrow(() -> CrmException.notFound("Object " + def.name() + " does not exist"));
            return schema.columns(tx, stored.table()).map(columns -> {
                checkFieldClash(stored, columns, field, "name");
                ObjectDef changed = stored.withField(field);
                List<String> ddl = new ArrayList<>(List.of(ObjectTableDdl.column(changed, field)));
                if (field.isSingleLookup()) {
                    ddl.add(ObjectTableDdl.foreignKey(changed, field));
                }
                return new Change(changed, ddl, ObjectTableDdl.index(changed, field).stream().toList());
            });
        }).replaceWith(field);
    }

    /** The indexes of an object's table with their build state: {@code ready}, {@code building} or {@code failed}. */
    public Uni<Map<String, String>> indexStatuses(ObjectDef def) {
        return indexBuilder.statuses(ObjectTableDdl.indexes(def));
    }

    /**
     * A new object's name must differ from every other in more than case (objects are found by name
     * regardless of case), and its table and path must be ones no object and no table of schema crm has:
     * {@code Project__c} and {@code PROJECT__c} are both table {@code project__c}.
     */
    static void checkObjectClash(List<ObjectDef> existing, Set<String> tables, ObjectDef def) {
        for (ObjectDef other : existing) {
            if (other.name().equals(def.name())) {
                throw CrmException.validation("name", "An object named " + def.name() + " exists already");
            }
            if (other.name().equalsIgnoreCase(def.name())) {
                throw CrmException.validation("name", def.name() + " differs from the object " + other.name()
                        + " only in case (table " + def.table() + " next to " + other.table()
                        + "); objects are found by name regardless of case, so choose a name that differs in more");
            }
            if (other.table().equals(def.table())) {
                throw CrmException.validation("name", def.name() + " would be stored in table " + def.table() + ", which "
                        + other.name() + " uses: names that differ only in case or underscores map to the same table; "
                        + "choose another name");
            }
            if (def.path().equals(other.path())) {
                throw CrmException.validation("name", def.name() + " would be reached at /" + def.path() + ", which "
                        + other.name() + " uses: names that differ only in case map to the same path; choose another name");
            }
        }
        if (tables.contains(def.table())) {
            throw CrmException.validation("name", def.name() + " would be stored in table " + def.table()
                    + ", which exists already in the database; choose another name");
        }
    }

    /**
     * A new field's name must differ from the object's other fields in more than case, and its column must be
     * one the object's table does not have: {@code Ssn__c} and {@code SSN__c} are both {@code ssn__c},
     * {@code AiScore__c} and {@code AIScore__c} both {@code ai_score__c}. System columns count too.
     */
    static void checkFieldClash(ObjectDef def, Set<String> columns, FieldDef field, String at) {
        for (FieldDef other : def.fields()) {
            if (other.name().equals(field.name())) {
                throw CrmException.validation(at, def.name() + " has a field " + field.name() + " already");
            }
            if (other.name().equalsIgnoreCase(field.name())) {
                throw CrmException.validation(at, field.name() + " differs from " + def.name() + "'s field " + other.name()
                        + " only in case (column " + field.column() + " next to " + other.column()
                        + "); choose a name that differs in more than case");
            }
            if (other.column().equals(field.column())) {
                throw CrmException.validation(at, field.name() + " would be stored in column " + field.column() + ", which "
                        + def.name() + "'s field " + other.name() + " uses: names that differ only in case or underscores "
                        + "map to the same column; choose another name");
            }
        }
        if (columns.contains(field.column()) || ObjectTableDdl.SYSTEM_COLUMNS.contains(field.column())) {
            throw CrmException.validation(at, field.name() + " would be stored in column " + field.column()
                    + ", which " + def.name() + "'s table has already; choose another name");
        }
    }

    /**
     * Plans and runs one change under the DDL lock, then has every replica reload, then starts the concurrent
     * index builds the change needs (after the commit: they cannot run inside a transaction).
     */
    private Uni<Change> apply(BiFunction<SqlClient, List<ObjectDef>, Uni<Change>> plan) {
        record Applied(Change change, List<ObjectDef> all) {
        }
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(ObjectTableDdl.DDL_LOCK))
                .flatMap(locked -> metadata.loadAll(tx))
                .flatMap(current -> plan.apply(tx, current))
                .call(change -> MetadataBootstrap.execute(tx, change.ddl()))
                .call(change -> metadata.save(tx, change.def()))
                .call(change -> metadata.announceChange(tx, change.def().name()))
                .flatMap(change -> metadata.loadAll(tx).map(all -> new Applied(change, all))))
                .map(applied -> {
                    registry.replace(applied.all());
                    indexBuilder.buildInBackground(applied.change().concurrentIndexes());
                    return applied.change();
                });
    }

    /**
     * A field definition from the API, checked where Bean Validation cannot: what the type needs, and the lookup's
     * target among the objects.
     */
    private FieldDef field(ObjectDef owner, FieldDefinition node, String at) {
        String prefix = at == null ? "" : at + ".";
        String name = node.name();
        FieldType type = node.fieldType();
        FieldBuilder builder = FieldDef.builder(name, type);
        if (node.label() != null) {
            builder.label(node.label());
        }
        if (Boolean.TRUE.equals(node.required())) {
            builder.required();
        }
        if (Boolean.TRUE.equals(node.indexed())) {
            // an index on (field, id): filters on the field and lists sorted by it walk it (SortCompiler's order)
            builder.indexed();
        }
        if (Boolean.TRUE.equals(node.unique())) {
            builder.unique();
        }
        if (node.length() != null) {
            builder.length(node.length());
        }
        if (node.scale() != null) {
            if (!type.isNumeric()) {
                throw CrmException.validation(prefix + "scale", "scale (0 to 8) is for number, currency and percent fields");
            }
            builder.scale(node.scale());
        }
        if (node.min() != null || node.max() != null) {
            if (!type.isNumeric()) {
                throw CrmException.validation(prefix + "min", "min and max are for number, currency and percent fields");
            }
            builder.range(node.min(), node.max());
        }
        if (type == FieldType.PICKLIST || type == FieldType.MULTIPICKLIST) {
            if (node.picklistValues() == null) {
                throw CrmException.validation(prefix + "picklistValues", "A picklist needs picklistValues, an array of strings");
            }
            builder.values(node.picklistValues().toArray(String[]::new));
        }
        if (type == FieldType.LOOKUP) {
            String target = node.target();
            ObjectDef targetDef = target == null ? null
                    : target.equals(owner.name()) ? owner : registry.byName(target).orElse(null);
            if (targetDef == null || targetDef.readOnly()) {
                throw CrmException.validation(prefix + "referenceTo", "referenceTo must name one existing object, like Account");
            }
            OnDelete onDelete = node.onDelete() == null ? OnDelete.SET_NULL : OnDelete.fromApiName(node.onDelete());
            String base = name.substring(0, name.length() - 3);
            String relationship = base + "__r";
            String children = node.childRelationshipName() != null ? node.childRelationshipName()
                    : owner.labelPlural().replace(" ", "") + "__r";
            if (!children.matches(FieldDefinition.CHILD_RELATIONSHIP)) {
                throw CrmException.validation(prefix + "childRelationshipName", FieldDefinition.CHILD_RELATIONSHIP_MESSAGE);
            }
            String wanted = children;
            if (registry.children(targetDef).stream().anyMatch(c -> wanted.equals(c.name()))) {
                throw CrmException.validation(prefix + "childRelationshipName",
                        targetDef.name() + " has a relationship " + children + " already");
            }
            builder.references(targetDef.name(), relationship, children, onDelete);
        }
        JsonNode value = node.defaultValue();
        if (value != null && !value.isNull()) {
            builder.defaultValue(value.isBoolean() ? value.booleanValue() : value.isNumber() ? value.decimalValue() : value.asText());
        }
        return builder.build();
    }

    private String freePrefix(String name) {
        String letters = name.substring(0, name.length() - 3).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String base = "c" + letters.substring(0, Math.min(3, letters.length()));
        String prefix = base;
        for (int n = 2; registry.byIdPrefix(prefix).isPresent(); n++) {
            prefix = base + n;
        }
        return prefix;
    }

}
