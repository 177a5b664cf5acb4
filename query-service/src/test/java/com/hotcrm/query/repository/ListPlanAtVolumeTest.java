package com.hotcrm.query.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.data.metadata.ObjectTableDdl;
import com.hotcrm.data.records.FieldSelection;
import com.hotcrm.data.records.SelectSql;
import com.hotcrm.devstack.postgres.PostgresServer;
import com.hotcrm.devstack.testing.TestInfrastructure;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.StandardObjects;
import com.hotcrm.data.query.FilterCompiler;
import com.hotcrm.data.query.SortCompiler;
import com.hotcrm.data.query.SqlParams;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * The issue's list at a million accounts: {@code filters=[["Industry","=",X]]&sort=-AnnualRevenue&limit=50}
 * compiled exactly as query-service compiles it (FilterCompiler, SortCompiler, SelectSql, ListSql), run with
 * EXPLAIN (ANALYZE, BUFFERS) on a table laid out by ObjectTableDdl and analyzed. The plan must walk the
 * {@code (annual_revenue NULLS FIRST, id)} index and sort nothing, on the first page and on a cursor page
 * deep in the list. Plans and times are printed, never asserted: the shape is what must hold.
 * <p>
 * A database of its own (dropped at the end) so that the module's other tests keep their small tables.
 */
class ListPlanAtVolumeTest {

    static final int ROWS = Integer.getInteger("hotcrm.test.volume-rows", 1_000_000);
    static final String[] INDUSTRIES = { "Technology", "Finance", "Healthcare", "Manufacturing", "Retail", "Education",
            "Energy", "Media" };
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectDef ACCOUNT = StandardObjects.all().stream().filter(d -> d.name().equals("Account")).findFirst().orElseThrow();

    static PostgresServer server;
    static String database;
    static Vertx vertx;
    static Pool pool;

    @BeforeAll
    static void load() {
        server = TestInfrastructure.database().server();
        database = "hotcrm_test_volume_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        server.createDatabaseIfMissing(database);
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().using(vertx).with(new PoolOptions().setMaxSize(3))
                .connectingTo(PgConnectOptions.fromUri(server.url(database)).setUser(server.user()).setPassword(server.password()))
                .build();
        long start = System.nanoTime();
        run("CREATE SCHEMA crm");
        ObjectTableDdl.tableAndColumnsWithoutIndexes(ACCOUNT).forEach(ListPlanAtVolumeTest::run);
        // one account in eight per industry (the issue's ~127,000 matches at a million), one in twenty without
        // revenue, each drawn from its own hash of the row number so that no industry owns the empty revenues
        // the first thousand accounts are the parents of all the others, a thousand children each
        run("INSERT INTO crm.account (id, owner_id, name, industry, annual_revenue, status, created_date, modified_date, parent_id) "
                + "SELECT 'acc_' || lpad(i::text, 10, '0'), 'usr_' || (i % 50), 'Account ' || i, "
                + "(ARRAY['" + String.join("','", INDUSTRIES) + "'])[1 + (hashint4(i) & 7)], "
                + "CASE WHEN (hashint4(i + 7) & 1023) < 51 THEN NULL ELSE ((hashint4(i + 13) & 1048575) * 100)::numeric END, "
                + "(ARRAY['Prospect','Active','Inactive'])[1 + i % 3], now() - (i % 100000) * interval '1 minute', now(), "
                + "CASE WHEN i > 1000 THEN 'acc_' || lpad((1 + i % 1000)::text, 10, '0') END "
                + "FROM generate_series(1, " + ROWS + ") i");
        long loaded = System.nanoTime();
        // as a bulk load would: the rows, then the indexes, two at a time
        List<io.smallrye.mutiny.Uni<Void>> builds = new ArrayList<>();
        ObjectTableDdl.indexes(ACCOUNT).forEach(index -> builds.add(pool.withConnection(c -> c.query(
                "SET maintenance_work_mem = '128MB'").execute().flatMap(x -> c.query(index.create()).execute())).replaceWithVoid()));
        io.smallrye.mutiny.Uni.join().all(builds).usingConcurrencyOf(2).andFailFast().await().atMost(Duration.ofMinutes(5));
        long indexed = System.nanoTime();
        run("ANALYZE crm.account");
        System.out.printf("[volume] %,d accounts: loaded in %.1f s, %d indexes built in %.1f s, analyzed in %.1f s%n", ROWS,
                (loaded - start) / 1e9, ObjectTableDdl.indexes(ACCOUNT).size(), (indexed - loaded) / 1e9,
                (System.nanoTime() - indexed) / 1e9);
    }

    @AfterAll
    static void drop() {
        if (pool != null) {
            pool.close().await().atMost(Duration.ofSeconds(10));
            vertx.close().await().atMost(Duration.ofSeconds(10));
        }
        if (database != null) {
            server.dropDatabase(database);
        }
    }

    static void run(String sql) {
        pool.query(sql).execute().await().atMost(Duration.ofMinutes(3));
    }

    /** The list's statement and parameters, as QueryService builds them for an admin (who sees every row). */
    record Compiled(String sql, List<Object> params, List<SortCompiler.Term> terms) {
    }

    /** An admin's relationships: every account readable, ChildAccounts the accounts whose Parent it is. */
    static final FilterCompiler.Relations ADMIN = new FilterCompiler.Relations() {
        @Override
        public java.util.Optional<ObjectDef> parent(com.hotcrm.platform.metadata.FieldDef lookup) {
            return java.util.Optional.of(ACCOUNT);
        }

        @Override
        public java.util.Optional<Child> child(ObjectDef parent, String relationshipName) {
            return java.util.Optional.of(new Child(ACCOUNT, ACCOUNT.field("ParentId").orElseThrow()));
        }

        @Override
        public String readable(ObjectDef def, String alias, SqlParams params) {
            return null;
        }
    };

    static Compiled compile(String filters, String sort, List<Object> cursorKeys, int limit) throws Exception {
        SqlParams params = new SqlParams();
        String where = FilterCompiler.compile(ACCOUNT, "t0", JSON.readTree(filters), FilterCompiler.Context.now("usr_1", ADMIN),
                params);
        List<SortCompiler.Term> terms = SortCompiler.terms(ACCOUNT, JSON.readTree("\"" + sort + "\""));
        List<String> runs = cursorKeys == null ? List.of() : SortCompiler.after("t0", terms, cursorKeys, params);
        SelectSql select = SelectSql.of(FieldSelection.all(ACCOUNT));
        return new Compiled(ListSql.rows(select, where, runs, terms, limit, 0), params.values(), terms);
    }

    static String explainText(Compiled list) {
        StringBuilder plan = new StringBuilder();
        for (Row row : pool.preparedQuery("EXPLAIN (ANALYZE, BUFFERS) " + list.sql()).execute(Tuple.from(list.params()))
                .await().atMost(Duration.ofMinutes(2))) {
            plan.append(row.getString(0)).append('\n');
        }
        return plan.toString();
    }

    static JsonObject explainJson(Compiled list) {
        Row row = pool.preparedQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + list.sql()).execute(Tuple.from(list.params()))
                .await().atMost(Duration.ofMinutes(2)).iterator().next();
        return new JsonArray(row.getValue(0).toString()).getJsonObject(0).getJsonObject("Plan");
    }

    static void nodes(JsonObject node, Consumer<JsonObject> each) {
        each.accept(node);
        JsonArray children = node.getJsonArray("Plans");
        if (children != null) {
            children.forEach(child -> nodes((JsonObject) child, each));
        }
    }

    /**
     * No sequential or bitmap scan (which read every match); the sort index is walked (on a first page it is the
     * only scan and nothing is sorted; on a cursor page of two runs, the union is sorted again, a page or two).
     */
    static String assertWalksIndex(Compiled list, String index, int limit, boolean sortAllowed) {
        JsonObject plan = explainJson(list);
        List<String> scans = new ArrayList<>();
        nodes(plan, node -> {
            String type = node.getString("Node Type");
            assertFalse(type.equals("Seq Scan") || type.startsWith("Bitmap"), "no scan of every row: " + plan.encodePrettily());
            if (type.equals("Sort") || type.equals("Incremental Sort")) {
                assertTrue(sortAllowed, "nothing is sorted:\n" + plan.encodePrettily());
                assertTrue(node.getLong("Actual Rows") <= 2L * (limit + 1), "a sort sees at most two runs of a page");
            }
            if (type.startsWith("Index")) {
                scans.add(node.getString("Index Name") + " " + node.getString("Scan Direction"));
            }
        });
        assertTrue(scans.stream().anyMatch(scan -> scan.startsWith(index + " ")), "walks " + index + ": " + scans);
        if (!sortAllowed) {
            scans.forEach(scan -> assertTrue(scan.startsWith(index + " "), "walks " + index + ", not " + scans));
        }
        return String.join(", ", scans);
    }

    static List<Object> keysAt(Compiled firstPage, int position) {
        // the sort values of the row at this position: what a nextCursor there would carry
        String sql = firstPage.sql().replace(" LIMIT " + 51, " LIMIT 1 OFFSET " + position);
        Row row = pool.preparedQuery(sql).execute(Tuple.from(firstPage.params())).await().atMost(Duration.ofMinutes(1))
                .iterator().next();
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < firstPage.terms().size(); i++) {
            keys.add(row.getValue("__k" + i));
        }
        return keys;
    }

    @Test
    void theIssuesListWalksTheRevenueIndexBackwardAndSortsNothing() throws Exception {
        String filters = "[[\"Industry\",\"=\",\"Technology\"]]";
        Compiled first = compile(filters, "-AnnualRevenue", null, 50);
        String text = explainText(first);
        System.out.println("[volume] GET /v1/accounts?filters=" + filters + "&sort=-AnnualRevenue&limit=50\n" + first.sql() + "\n" + text);
        assertTrue(text.contains("Index Scan Backward using account_annual_revenue_id_idx"), text);
        assertEquals("account_annual_revenue_id_idx Backward", assertWalksIndex(first, "account_annual_revenue_id_idx", 50, false));

        // a cursor a hundred thousand rows deep: the row comparison starts the index scan there
        List<Object> deep = keysAt(first, 100_000 / 8);
        Compiled later = compile(filters, "-AnnualRevenue", deep, 50);
        String laterText = explainText(later);
        System.out.println("[volume] the same list after a cursor 12,500 matches deep\n" + later.sql() + "\n" + laterText);
        assertTrue(laterText.contains("Index Cond: (ROW(annual_revenue, id) < ROW("), laterText);
        assertWalksIndex(later, "account_annual_revenue_id_idx", 50, true);
    }

    @Test
    void ascendingWalksTheSameIndexForwardEmptyValuesFirst() throws Exception {
        Compiled ascending = compile("[[\"Industry\",\"=\",\"Finance\"]]", "AnnualRevenue", null, 50);
        String text = explainText(ascending);
        System.out.println("[volume] sort=AnnualRevenue (empty first)\n" + text);
        assertEquals("account_annual_revenue_id_idx Forward", assertWalksIndex(ascending, "account_annual_revenue_id_idx", 50, false));
        Compiled byName = compile("[]", "-Name", null, 50);
        assertEquals("account_name_id_idx Backward", assertWalksIndex(byName, "account_name_id_idx", 50, false));
        Compiled created = compile("[[\"Status\",\"=\",\"Active\"]]", "CreatedDate", null, 200);
        assertWalksIndex(created, "account_created_date_id_idx", 200, false);
    }

    /** Node types and the rows each produced, for the plan's printout and the assertions below. */
    static List<JsonObject> planNodes(Compiled list) {
        List<JsonObject> all = new ArrayList<>();
        nodes(explainJson(list), all::add);
        return all;
    }

    @Test
    void aParentsFieldIsCheckedRowByRowOnTheParentsKeyWhileTheSortIndexIsWalked() throws Exception {
        // a tenth of the accounts' parents are in Finance (hashed industries): the first page is found early
        Compiled first = compile("[[\"Parent.Industry\",\"=\",\"Finance\"]]", "-AnnualRevenue", null, 50);
        String text = explainText(first);
        System.out.println("[volume] filters=[[\"Parent.Industry\",\"=\",\"Finance\"]]&sort=-AnnualRevenue\n" + first.sql() + "\n" + text);
        for (JsonObject node : planNodes(first)) {
            String type = node.getString("Node Type");
            assertFalse(type.equals("Seq Scan") || type.equals("Sort"), "neither table read whole nor sorted:\n" + text);
        }
        assertTrue(text.contains("account_annual_revenue_id_idx"), text);
    }

    @Test
    void aChildFilterReadsTheChildrenItNamesNotTheTable() throws Exception {
        // accounts with a child in Retail: only the thousand parents can be
        Compiled first = compile("[[\"ChildAccounts\",\"exists\",[[\"Industry\",\"=\",\"Retail\"],[\"Status\",\"=\",\"Active\"]]]]",
                "Name", null, 50);
        String text = explainText(first);
        System.out.println("[volume] filters=[[\"ChildAccounts\",\"exists\",[...]]]&sort=Name\n" + first.sql() + "\n" + text);
        for (JsonObject node : planNodes(first)) {
            String type = node.getString("Node Type");
            assertFalse(type.equals("Seq Scan"), "the table is not read whole:\n" + text);
            if (type.equals("Sort")) {
                assertTrue(node.getLong("Actual Rows") <= 2000, "only the matching parents are sorted:\n" + text);
            }
        }
    }
}
