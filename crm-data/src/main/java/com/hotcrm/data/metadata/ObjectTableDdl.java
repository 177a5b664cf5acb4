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
     * <p>
     * A plain (non-unique) index is on {@code (column NULLS FIRST, id)}: it serves filters on the column and
     * also the list order of SortCompiler in both directions (forward for {@code ASC NULLS FIRST, id ASC},
     * backward for {@code DESC NULLS LAST, id DESC}), so a sorted page never sorts the matches. It replaces
     * the single-column index of earlier versions ({@link #replaces}), dropped once this one is valid.
     *
     * @param field the API name of the field it serves
     * @param replaces the name of the index this one makes redundant, or null
     */
    public record Index(String name, String table, String column, String field, boolean unique, String replaces) {

        public Index(String name, String table, String column, String field, boolean unique) {
            this(name, table, column, field, unique, null);
        }

        /** Whether the index serves the list order on its field (a sort on it walks the index). */
        public boolean servesSort() {
            return !unique;
        }

        private String columns() {
            return unique ? quote(column) : quote(column) + " NULLS FIRST, \"id\"";
        }

        public String create() {
            return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + quote(name) + " ON " + crmTable(table)
                    + " (" + columns() + ")";
        }

        public String createConcurrently() {
            return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY IF NOT EXISTS " + quote(name) + " ON "
                    + crmTable(table) + " (" + columns() + ")";
        }

        public String dropConcurrently() {
            return "DROP INDEX CONCURRENTLY IF EXISTS crm." + quote(name);
        }

        /** Drops the index this one replaces (only once this one is valid: until then the old one serves). */
        public String dropReplacedConcurrently() {
            return "DROP INDEX CONCURRENTLY IF EXISTS crm." + quote(replaces);
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
        indexes.add(sortIndex(def, "owner_id", "OwnerId"));
        indexes.add(sortIndex(def, "created_date", "CreatedDate"));
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
            return Optional.of(sortIndex(def, field.column(), field.name()));
        }
        return Optional.empty();
    }

    /** The {@code (column NULLS FIRST, id)} index of a filter or sort field, replacing the old {@code <table>_<column>_idx}. */
    private static Index sortIndex(ObjectDef def, String column, String field) {
        return new Index(constraintName(def, column, "id_idx"), def.table(), column, field, false,
                constraintName(def, column, "idx"));
    }

    /** The API names of the fields a sort may start with and walk an index: Id and each field with a sort index. */
    public static Set<String> sortableFields(ObjectDef def) {
        Set<String> fields = new java.util.LinkedHashSet<>();
        fields.add("Id");
        indexes(def).stream().filter(Index::servesSort).forEach(index -> fields.add(index.field()));
        return fields;
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
