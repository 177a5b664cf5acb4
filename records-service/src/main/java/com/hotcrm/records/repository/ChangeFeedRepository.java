package com.hotcrm.records.repository;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.data.query.SqlParams;
import com.hotcrm.platform.database.AdvisoryLocks;
import com.hotcrm.platform.metadata.Naming;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.security.Caller;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of the change feed (V11): the outbox's committed rows numbered in the order they became visible
 * ({@code crm.outbox.feed_pos}, {@code crm.change_feed.head}), and pages of them per object.
 */
@ApplicationScoped
public class ChangeFeedRepository {

    /** A change as the outbox holds it: its feed position and the event's JSON. */
    public record Entry(long position, String payload) {
    }

    /**
     * A page: the entries after the cursor (up to the limit asked plus one, to tell whether more follow), and, read
     * at the same instant, the head (no change of the page's objects lies between the last entry and the head when
     * fewer than asked came back) and how far pruning has gone (V12: a cursor below it may have lost changes).
     */
    public record Page(long head, long prunedThrough, List<Entry> entries) {
    }

    /** Numbers up to $1 rows (see {@link #sequence}). */
    public static final String SEQUENCE = "WITH todo AS (SELECT seq FROM crm.outbox WHERE feed_pos IS NULL "
            + "ORDER BY seq LIMIT $1 FOR UPDATE), "
            + "numbered AS (SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM todo), "
            + "head AS (UPDATE crm.change_feed f SET head = f.head + c.n "
            + "FROM (SELECT count(*) AS n FROM todo) c WHERE c.n > 0 RETURNING f.head - c.n AS base) "
            + "UPDATE crm.outbox o SET feed_pos = head.base + numbered.n, feed_object = split_part(o.event_key, ':', 1) "
            + "FROM numbered, head WHERE o.seq = numbered.seq";

    /**
     * The outbox's pruning (see OutboxStore): sent events older than {@code $1} that have their position go, and the
     * highest position gone is noted, in the same statement. Rows are pruned roughly, not exactly, in position order:
     * a cursor is expired once any change after it has gone.
     */
    public static final String PRUNE = "WITH gone AS (DELETE FROM crm.outbox WHERE sent_at < $1 AND feed_pos IS NOT NULL "
            + "RETURNING feed_pos), noted AS (UPDATE crm.change_feed SET pruned_through = greatest(pruned_through, "
            + "(SELECT max(feed_pos) FROM gone)) WHERE EXISTS (SELECT 1 FROM gone)) SELECT count(*) AS n FROM gone";

    private final Pool pool;

    ChangeFeedRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Numbers up to {@code batch} committed rows without a position, in seq order, after the last position given, if
     * this replica holds the sequencer's lock (another one does otherwise, and this does nothing).
     * One transaction: positions and the head commit together, and the next round only starts once this one is visible,
     * so a position is never given below one a reader may already have passed. The rows are locked in seq order, the
     * order in which the relay's marking locks them too.
     *
     * @return how many rows were numbered
     */
    public Uni<Integer> sequence(int batch) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
                .execute(Tuple.of(AdvisoryLocks.CHANGE_FEED_SEQUENCER.key()))
                .flatMap(lock -> !lock.iterator().next().getBoolean("locked") ? Uni.createFrom().item(0)
                        : tx.preparedQuery(SEQUENCE).execute(Tuple.of(batch)).map(SqlResult::rowCount)));
    }

    /**
     * The changes of {@code objects} after {@code after}, in position order: at most {@code limit} of them, each
     * object's run read from its index (one ordered run per object, merged), with the head and the clock read in the
     * same statement.
     */
    public Uni<Page> page(List<String> objects, long after, int limit) {
        Statement page = pageStatement(objects, after, limit);
        return pool.preparedQuery(page.sql()).execute(Tuple.from(page.params())).map(rows -> {
            long head = 0;
            long prunedThrough = 0;
            List<Entry> entries = new ArrayList<>();
            for (Row row : rows) {
                head = row.getLong("head");
                prunedThrough = row.getLong("pruned_through");
                Long position = row.getLong("feed_pos");
                if (position != null) {
                    entries.add(new Entry(position, row.getString("payload")));
                }
            }
            // in the lateral page's order already; said here rather than left to the plan's nesting
            entries.sort(java.util.Comparator.comparingLong(Entry::position));
            return new Page(head, prunedThrough, entries);
        });
    }

    /** A statement and its parameters. */
    public record Statement(String sql, List<Object> params) {
    }

    /**
     * The statement of {@link #page} (also what a test EXPLAINs at volume). Nothing at or below the pruned position is
     * read: a page from the start (after 0) begins at the oldest change whose successors are all kept.
     */
    public static Statement pageStatement(List<String> objects, long after, int limit) {
        SqlParams params = new SqlParams();
        String from = params.add(after);
        String max = params.add(limit);
        List<String> runs = new ArrayList<>();
        for (String object : objects) {
            runs.add("(SELECT feed_pos, payload FROM crm.outbox WHERE feed_object = " + params.add(object)
                    + " AND feed_pos > greatest(" + from + ", (SELECT pruned_through FROM crm.change_feed))"
                    + " ORDER BY feed_pos LIMIT " + max + ")");
        }
        return new Statement("SELECT h.head, h.pruned_through, x.feed_pos, x.payload::text AS payload "
                + "FROM (SELECT head, pruned_through FROM crm.change_feed) h "
                + "LEFT JOIN LATERAL (SELECT * FROM (" + String.join(" UNION ALL ", runs) + ") u "
                + "ORDER BY feed_pos LIMIT " + max + ") x ON true", params.values());
    }

    /**
     * Which of these changes of one object the caller may read now, by position: a record that still exists is
     * judged as it is now (its owner, the owner's managers, its shares); one deleted since is judged by the owner the
     * change itself names, as if it still had that owner. Only asked for objects the caller does not read whole.
     */
    public Uni<Set<Long>> readable(Caller caller, ObjectDef def, AccessPolicy policy, List<Long> positions,
            List<String> ids, List<String> owners) {
        SqlParams params = new SqlParams();
        String sql = "SELECT d.pos FROM unnest(" + params.add(positions.toArray(Long[]::new)) + "::bigint[], "
                + params.add(ids.toArray(String[]::new)) + "::text[], " + params.add(owners.toArray(String[]::new))
                + "::text[]) AS d(pos, id, owner_id) LEFT JOIN " + Naming.crmTable(def.table()) + " t ON t.\"id\" = d.id "
                + "WHERE CASE WHEN t.\"id\" IS NULL THEN " + condition(policy.readable(caller, def, "d", params))
                + " ELSE " + condition(policy.readable(caller, def, "t", params)) + " END";
        return pool.preparedQuery(sql).execute(Tuple.from(params.values())).map(rows -> {
            Set<Long> readable = new HashSet<>();
            for (Row row : rows) {
                readable.add(row.getLong("pos"));
            }
            return readable;
        });
    }

    private static String condition(String readable) {
        return readable == null ? "TRUE" : readable;
    }
}
