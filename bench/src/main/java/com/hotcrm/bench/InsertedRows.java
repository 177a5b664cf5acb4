package com.hotcrm.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The ids of the accounts the PostgreSQL side inserted (bypassing the product: no outbox event, no
 * metadata checks), so that they are deleted once their workload is measured and never show up in the
 * product's lists or skew the next run.
 */
final class InsertedRows {

    private final Queue<String> ids = new ConcurrentLinkedQueue<>();

    String next() {
        String id = "acc_bench" + UUID.randomUUID().toString().replace("-", "");
        ids.add(id);
        return id;
    }

    int deleteAll(Database database) throws SQLException {
        List<String> all = new ArrayList<>();
        for (String id; (id = ids.poll()) != null;) {
            all.add(id);
        }
        int deleted = 0;
        try (Connection c = database.connect();
                PreparedStatement delete = c.prepareStatement("DELETE FROM crm.account WHERE id = ANY(?)")) {
            for (int from = 0; from < all.size(); from += 5000) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + 5000));
                delete.setArray(1, c.createArrayOf("text", chunk.toArray()));
                deleted += delete.executeUpdate();
            }
        }
        return deleted;
    }
}
