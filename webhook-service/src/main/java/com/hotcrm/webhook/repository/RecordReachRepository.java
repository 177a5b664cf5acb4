package com.hotcrm.webhook.repository;

import static com.hotcrm.platform.metadata.Naming.crmTable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.data.query.SqlParams;
import com.hotcrm.platform.security.Caller;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Which webhook owners reach one record now, by the same condition that limits their own reads
 * ({@link AccessPolicy#readable}): one statement per event, a boolean column per owner.
 */
@ApplicationScoped
public class RecordReachRepository {

    private final Pool pool;
    private final AccessPolicy access;

    public RecordReachRepository(Pool pool, AccessPolicy access) {
        this.pool = pool;
        this.access = access;
    }

    /**
     * Those of {@code readers} (by user id, each allowed to read the object at all) who may read the record
     * {@code recordId} as it is stored now; none when it is gone.
     */
    public Uni<Set<String>> readersOfStored(ObjectDef def, String recordId, Map<String, Caller> readers) {
        SqlParams params = new SqlParams();
        String id = params.add(recordId);
        return readers(readers, params, def, " FROM " + crmTable(def.table()) + " t0 WHERE t0.\"id\" = " + id);
    }

    /**
     * Those of {@code readers} who could read a record that is gone, judged on the identity and owner it had
     * (from its delete event): their own, one of a user below them, or one still shared with them.
     */
    public Uni<Set<String>> readersOfDeleted(ObjectDef def, String recordId, String recordOwnerId, Map<String, Caller> readers) {
        SqlParams params = new SqlParams();
        String id = params.add(recordId);
        String owner = params.add(recordOwnerId);
        return readers(readers, params, def, " FROM (VALUES (" + id + "::text, " + owner + "::text)) AS t0 (\"id\", \"owner_id\")");
    }

    private Uni<Set<String>> readers(Map<String, Caller> readers, SqlParams params, ObjectDef def, String from) {
        Set<String> all = new HashSet<>();
        List<String> asked = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        readers.forEach((userId, caller) -> {
            String condition = access.readable(caller, def, "t0", params);
            if (condition == null) {
                all.add(userId);
            } else {
                columns.add(condition + " AS \"r" + asked.size() + "\"");
                asked.add(userId);
            }
        });
        if (asked.isEmpty()) {
            return Uni.createFrom().item(all);
        }
        return pool.preparedQuery("SELECT " + String.join(", ", columns) + from).execute(Tuple.from(params.values()))
                .map(rows -> {
                    Set<String> reach = new HashSet<>(all);
                    for (Row row : rows) {
                        for (int i = 0; i < asked.size(); i++) {
                            if (Boolean.TRUE.equals(row.getBoolean("r" + i))) {
                                reach.add(asked.get(i));
                            }
                        }
                    }
                    return reach;
                });
    }
}
