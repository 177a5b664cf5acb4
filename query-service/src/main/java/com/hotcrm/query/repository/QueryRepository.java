package com.hotcrm.query.repository;

import static com.hotcrm.platform.metadata.Naming.crmTable;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.platform.metadata.ObjectDef;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every statement query-service runs on the object tables (read-only, as {@code hotcrm_reader}; see
 * {@code ReadOnlySessionsTest}). The statements are compiled from metadata by crm-data's compilers and
 * {@link ListSql}, with every value a parameter; this class runs them and reads counts and plans.
 */
@ApplicationScoped
public class QueryRepository {

    private final Pool pool;

    public QueryRepository(Pool pool) {
        this.pool = pool;
    }

    /** {@code FROM crm.<table> t0}, with {@code WHERE <where>} unless there is no condition. */
    public static String filteredTable(ObjectDef def, String where) {
        return " FROM " + crmTable(def.table()) + " t0" + (where.isEmpty() ? "" : " WHERE " + where);
    }

    /** The rows of a compiled statement. */
    public Uni<RowSet<Row>> rows(String sql, List<Object> params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params));
    }

    /** How many rows {@code SELECT 1 <from>} returns, every one counted. */
    public Uni<Long> count(String from, List<Object> params) {
        return pool.preparedQuery("SELECT count(*) AS n" + from).execute(Tuple.from(params))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** The same, counting no further than {@code max + 1}: more than {@code max} comes back as {@code max + 1}. */
    public Uni<Long> countUpTo(String from, List<Object> params, long max) {
        return pool.preparedQuery("SELECT count(*) AS n FROM (SELECT 1" + from + " LIMIT " + (max + 1) + ") c")
                .execute(Tuple.from(params)).map(rows -> rows.iterator().next().getLong("n"));
    }

    /** The planner's estimate of the rows {@code SELECT 1 <from>} returns (planning only: nothing is read). */
    public Uni<Long> estimate(String from, List<Object> params) {
        return pool.preparedQuery("EXPLAIN (FORMAT JSON) SELECT 1" + from).execute(Tuple.from(params)).map(plan -> {
            JsonArray explained = new JsonArray(plan.iterator().next().getValue(0).toString());
            return explained.getJsonObject(0).getJsonObject("Plan").getNumber("Plan Rows").longValue();
        });
    }
}
