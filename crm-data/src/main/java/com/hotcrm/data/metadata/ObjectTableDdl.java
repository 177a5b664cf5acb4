package com.hotcrm.data.metadata;

import static com.hotcrm.platform.metadata.Naming.crmTable;
import static com.hotcrm.platform.metadata.Naming.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.hotcrm.platform.database.AdvisoryLocks;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.Naming;
import com.hotcrm.platform.metadata.ObjectDef;

/**
 * The DDL that makes an object's table match its definition: the table with the system columns, a typed
 * column per field, indexes on lookups and filter fields, unique indexes, and foreign keys with the
 * lookup's on-delete behaviour. Every statement is idempotent, so applying it again after a field was
 * added only adds what is missing. Names come from metadata only.
 */
public final class ObjectTableDdl {

    /** The advisory lock every change of object tables takes, so replicas never run DDL at the same time. */
    public static final long DDL_LOCK = AdvisoryLocks.METADATA_DDL.key();

    /** The columns every object table has, besides one per field. */
    public static final Set<String> SYSTEM_COLUMNS = Set.of("id", "owner_id", "created_date", "modified_date", "created_by_id",
            "modified_by_id", "row_version");

    private ObjectTableDdl() {
    }

    /**
     * One index the metadata asks for. On a table that holds rows it is built {@link #createConcurrently()
     * concurrently}, outside any transaction, so writes go on while it builds; a failed concurrent build leaves
     * an invalid index behind, which {@link #dropConcurrently()} removes before the next attempt.
     *
     * @param field the API name of the field it serves
     */
    public record Index(String name, String table, String column, String field, boolean unique) {

        public String create() {
            return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + quote(name) + " ON " + crmTable(table)
                    + " (" + quote(column) + ")";
        }

        public String createConcurrently() {
            return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY IF NOT EXISTS " + quote(name) + " ON "
                    + crmTable(table) + " (" + quote(column) + ")";
        }

        public String dropConcurrently() {
            return "DROP INDEX CONCURRENTLY IF EXISTS crm." + quote(name);
        }
    }

    /** Table, columns and indexes in one go (a new table); foreign keys separately, once every table exists. */
    public static List<String> tableAndColumns(ObjectDef def) {
        List<String> ddl = new ArrayList<>(tableAndColumnsWithoutIndexes(def));
        indexes(def).forEach(index -> ddl.add(index.create()));
        return ddl;
    }

    /** The table and its columns only: for a table that may hold rows, whose indexes are built concurrently. */
    public static List<String> tableAndColumnsWithoutIndexes(ObjectDef def) {
        List<String> ddl = new ArrayList<>();
        ddl.add("CREATE TABLE IF NOT EXISTS " + crmTable(def.table()) + " ("
                + "\"id\" text PRIMARY KEY, "
                + "\"owner_id\" text, "
                + "\"created_date\" timestamptz NOT NULL DEFAULT now(), "
                + "\"modified_date\" timestamptz NOT NULL DEFAULT now(), "
                + "\"created_by_id\" text, "
                + "\"modified_by_id\" text, "
                + "\"row_version\" bigint NOT NULL DEFAULT 1)");
        for (FieldDef field : def.fields()) {
            if (!field.system()) {
                ddl.add(column(def, field));
            }
        }
        return ddl;
    }

    /** The indexes of an object's table: owner and creation date, then each unique or indexed field. */
    public static List<Index> indexes(ObjectDef def) {
        List<Index> indexes = new ArrayList<>();
        indexes.add(new Index(constraintName(def, "owner_id", "idx"), def.table(), "owner_id", "OwnerId", false));
        indexes.add(new Index(constraintName(def, "created_date", "idx"), def.table(), "created_date", "CreatedDate", false));
        for (FieldDef field : def.fields()) {
            if (!field.system()) {
                index(def, field).ifPresent(indexes::add);
            }
        }
        return indexes;
    }

    /** The index a field needs, if any: unique fields get a unique index, indexed ones (lookups, filters) a plain one. */
    public static Optional<Index> index(ObjectDef def, FieldDef field) {
        if (field.unique()) {
            return Optional.of(new Index(uniqueIndexName(def, field), def.table(), field.column(), field.name(), true));
        }
        if (field.indexed()) {
            return Optional.of(new Index(constraintName(def, field.column(), "idx"), def.table(), field.column(), field.name(),
                    false));
        }
        return Optional.empty();
    }

    /** What adding one field's column to an existing table takes (its index is built apart, see {@link #index}). */
    public static String column(ObjectDef def, FieldDef field) {
        return "ALTER TABLE " + crmTable(def.table()) + " ADD COLUMN IF NOT EXISTS " + quote(field.column()) + " "
                + field.type().sqlType(field.length(), field.scale());
    }

    public static List<String> foreignKeys(ObjectDef def) {
        List<String> ddl = new ArrayList<>();
        for (FieldDef field : def.fields()) {
            if (field.isSingleLookup() && !field.system()) {
                ddl.add(foreignKey(def, field));
            }
        }
        return ddl;
    }

    /** Adds the foreign key unless a constraint of that name exists already. */
    public static String foreignKey(ObjectDef def, FieldDef field) {
        String name = foreignKeyName(def, field);
        return "DO $$ BEGIN ALTER TABLE " + crmTable(def.table()) + " ADD CONSTRAINT " + quote(name)
                + " FOREIGN KEY (" + quote(field.column()) + ") REFERENCES " + crmTable(Naming.snakeCase(field.target())) + " (\"id\") ON DELETE "
                + field.onDelete().sql() + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$";
    }

    public static String foreignKeyName(ObjectDef def, FieldDef field) {
        return constraintName(def, field.column(), "fk");
    }

    public static String uniqueIndexName(ObjectDef def, FieldDef field) {
        return constraintName(def, field.column(), "key");
    }

    /** PostgreSQL names stop at 63 bytes; long custom names keep a hash so they stay unique. */
    static String constraintName(ObjectDef def, String column, String suffix) {
        String name = def.table() + "_" + column + "_" + suffix;
        if (name.length() <= 63) {
            return name;
        }
        String hash = Integer.toHexString(name.hashCode() & 0x7fffffff);
        return name.substring(0, 63 - hash.length() - suffix.length() - 2) + "_" + hash + "_" + suffix;
    }
}
