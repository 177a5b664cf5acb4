package com.hotcrm.data.metadata;

import static com.hotcrm.platform.metadata.Naming.crmTable;
import static com.hotcrm.platform.metadata.Naming.quote;

import java.util.ArrayList;
import java.util.List;

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

    private ObjectTableDdl() {
    }

    /** Table, columns and indexes; foreign keys separately, once every table exists. */
    public static List<String> tableAndColumns(ObjectDef def) {
        String table = crmTable(def.table());
        List<String> ddl = new ArrayList<>();
        ddl.add("CREATE TABLE IF NOT EXISTS " + table + " ("
                + "\"id\" text PRIMARY KEY, "
                + "\"owner_id\" text, "
                + "\"created_date\" timestamptz NOT NULL DEFAULT now(), "
                + "\"modified_date\" timestamptz NOT NULL DEFAULT now(), "
                + "\"created_by_id\" text, "
                + "\"modified_by_id\" text, "
                + "\"row_version\" bigint NOT NULL DEFAULT 1)");
        ddl.add("CREATE INDEX IF NOT EXISTS " + quote(constraintName(def, "owner_id", "idx")) + " ON " + table + " (\"owner_id\")");
        ddl.add("CREATE INDEX IF NOT EXISTS " + quote(constraintName(def, "created_date", "idx")) + " ON " + table
                + " (\"created_date\")");
        for (FieldDef field : def.fields()) {
            if (field.system()) {
                continue;
            }
            ddl.addAll(column(def, field));
        }
        return ddl;
    }

    /** What adding one field to an existing table takes. */
    public static List<String> column(ObjectDef def, FieldDef field) {
        String table = crmTable(def.table());
        String column = quote(field.column());
        List<String> ddl = new ArrayList<>();
        ddl.add("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + column + " "
                + field.type().sqlType(field.length(), field.scale()));
        if (field.unique()) {
            ddl.add("CREATE UNIQUE INDEX IF NOT EXISTS " + quote(uniqueIndexName(def, field)) + " ON " + table + " (" + column + ")");
        } else if (field.indexed()) {
            ddl.add("CREATE INDEX IF NOT EXISTS " + quote(constraintName(def, field.column(), "idx")) + " ON " + table
                    + " (" + column + ")");
        }
        return ddl;
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
