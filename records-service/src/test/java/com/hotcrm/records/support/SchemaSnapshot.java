package com.hotcrm.records.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * What schema crm looks like, read from the catalog: every table, every column with its type, every index,
 * and every stored object definition. Two snapshots are equal exactly when no schema change happened between.
 */
public final class SchemaSnapshot {

    private SchemaSnapshot() {
    }

    public static List<String> of(Pool pool) {
        return pool.query("SELECT 'table ' || table_name AS item FROM information_schema.tables WHERE table_schema = 'crm' "
                + "UNION ALL SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type "
                + "FROM information_schema.columns WHERE table_schema = 'crm' "
                + "UNION ALL SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'crm' "
                + "UNION ALL SELECT 'metadata ' || name || ' ' || md5(definition::text) FROM crm.object_metadata "
                + "ORDER BY 1").execute()
                .map(rows -> {
                    List<String> items = new ArrayList<>();
                    for (Row row : rows) {
                        items.add(row.getString("item"));
                    }
                    return items;
                })
                .await().atMost(Duration.ofSeconds(10));
    }
}
