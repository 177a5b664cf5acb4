package com.hotcrm.query;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.data.metadata.ObjectTableDdl;
import com.hotcrm.devstack.testing.TestInfrastructure;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.StandardObjects;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * The crm schema as records-service lays it out (its tables from the standard metadata, the metadata
 * stored and announced), and a small known data set, so query-service can be tested on its own. It writes
 * through its own connections, as records-service would: query-service's pool has read-only sessions.
 */
public final class CrmFixture {

    public static final LocalDate TODAY = LocalDate.now(java.time.ZoneOffset.UTC);
    private static boolean ready;
    private static Pool writer;

    private CrmFixture() {
    }

    /** A pool that can write this test run's database (the test JVM's own, on its own Vert.x). */
    public static synchronized Pool writer() {
        if (writer == null) {
            TestInfrastructure.Database db = TestInfrastructure.database();
            writer = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
                    .connectingTo(PgConnectOptions.fromUri(db.url()).setUser(db.server().user()).setPassword(db.server().password()))
                    .build();
        }
        return writer;
    }

    public static synchronized void ensure(MetadataRepository metadata) {
        if (ready) {
            return;
        }
        Pool pool = writer();
        List<String> ddl = new ArrayList<>(List.of("CREATE SCHEMA IF NOT EXISTS crm",
                "CREATE TABLE IF NOT EXISTS crm.object_metadata (name text PRIMARY KEY, definition jsonb NOT NULL, "
                        + "custom boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL DEFAULT now(), "
                        + "updated_at timestamptz NOT NULL DEFAULT now())"));
        ddl.addAll(recordsMigration("V5__access.sql"));
        ddl.addAll(recordsMigration("V6__field_access.sql"));
        List<ObjectDef> objects = new ArrayList<>(StandardObjects.all());
        objects.add(FilterProbe.OBJECT);
        objects.forEach(def -> ddl.addAll(ObjectTableDdl.tableAndColumns(def)));
        objects.forEach(def -> ddl.addAll(ObjectTableDdl.foreignKeys(def)));
        pool.withTransaction(tx -> Multi.createFrom().iterable(ddl)
                .onItem().transformToUniAndConcatenate(sql -> tx.query(sql).execute())
                .collect().last()
                .flatMap(x -> Multi.createFrom().iterable(objects)
                        .onItem().transformToUniAndConcatenate((ObjectDef def) -> metadata.save(tx, def)).collect().last())
                .flatMap(x -> metadata.announceChange(tx, "*")))
                .await().atMost(Duration.ofSeconds(30));
        insertAccounts(pool);
        insertContacts(pool);
        insertOpportunities(pool);
        FilterProbe.insert(pool);
        ready = true;
    }

    /** Users (their id as name, {@code <id>@x.com}) that test records are owned by. */
    public static void users(String... ids) {
        List<Tuple> rows = new ArrayList<>();
        for (String id : ids) {
            rows.add(Tuple.of(id, id + "@x.com"));
        }
        writer().preparedQuery("INSERT INTO crm.\"user\" (id, name, email) VALUES ($1, $1, $2) ON CONFLICT DO NOTHING")
                .executeBatch(rows).await().atMost(Duration.ofSeconds(5));
    }

    /**
     * Deletes what a test added over the shared fixture: opportunities, contacts and accounts whose ids start with
     * {@code <prefix>_<tag>} (accounts' parents cleared first), and its users; the other tests count the fixture
     * exactly.
     */
    public static void removeTagged(String tag, String... users) {
        writer().query("DELETE FROM crm.opportunity WHERE id LIKE 'opp_" + tag + "%'; "
                + "DELETE FROM crm.contact WHERE id LIKE 'con_" + tag + "%'; "
                + "UPDATE crm.account SET parent_id = NULL WHERE id LIKE 'acc_" + tag + "%'; "
                + "DELETE FROM crm.account WHERE id LIKE 'acc_" + tag + "%'; "
                + "DELETE FROM crm.\"user\" WHERE id IN ('" + String.join("', '", users) + "')")
                .execute().await().atMost(Duration.ofSeconds(5));
    }

    /** The statements of one of records-service's migrations, read from its module: the same tables as production. */
    static List<String> recordsMigration(String file) {
        try {
            String sql = java.nio.file.Files.readString(java.nio.file.Path.of("../records-service/src/main/resources/db/migration", file));
            List<String> statements = new ArrayList<>();
            for (String statement : sql.replaceAll("(?m)--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip().replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ")
                            .replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS "));
                }
            }
            return statements;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Eight accounts: name, industry, revenue, status. */
    public static final Object[][] ACCOUNTS = {
            { "acc_T01", "Acme Corporation", "Technology", 5000000, "Active" },
            { "acc_T02", "Globex Corp", "Technology", 12000000, "Active" },
            { "acc_T03", "Initech", "Finance", 800000, "Inactive" },
            { "acc_T04", "Umbrella Corp", "Healthcare", 45000000, "Active" },
            { "acc_T05", "Stark Industries", "Manufacturing", 99000000, null },
            { "acc_T06", "Wayne Enterprises", "Finance", null, "Active" },
            { "acc_T07", "Hooli", "Technology", 2500000, "Churned" },
            { "acc_T08", "O'Brien & Sons; DROP", "Retail", 150000, "Active" } };

    private static void insertAccounts(Pool pool) {
        List<Tuple> rows = new ArrayList<>();
        for (Object[] a : ACCOUNTS) {
            rows.add(Tuple.of(a[0], a[1], a[2], a[3] == null ? null : new java.math.BigDecimal(a[3].toString()), a[4]));
        }
        pool.preparedQuery("INSERT INTO crm.account (id, name, industry, annual_revenue, status) VALUES ($1, $2, $3, $4, $5)")
                .executeBatch(rows).await().atMost(Duration.ofSeconds(10));
    }

    /** Contacts: id, account, last name. */
    public static final Object[][] CONTACTS = {
            { "con_T01", "acc_T02", "Okafor" },
            { "con_T02", "acc_T02", "Ng" },
            { "con_T03", "acc_T04", "Petrov" },
            { "con_T04", null, "Loner" } };

    private static void insertContacts(Pool pool) {
        List<Tuple> rows = new ArrayList<>();
        for (Object[] c : CONTACTS) {
            rows.add(Tuple.of(c[0], c[1], c[2]));
        }
        pool.preparedQuery("INSERT INTO crm.contact (id, account_id, last_name) VALUES ($1, $2, $3)")
                .executeBatch(rows).await().atMost(Duration.ofSeconds(10));
    }

    /** Opportunities: id, account, amount, stage, close date (days from today), closed, primary contact. */
    public static final Object[][] OPPORTUNITIES = {
            { "opp_T01", "acc_T01", 150000, "Negotiation", 10, false, null },
            { "opp_T02", "acc_T01", 20000, "Prospecting", 40, false, null },
            { "opp_T03", "acc_T02", 300000, "Closed Won", -20, true, "con_T01" },
            { "opp_T04", "acc_T02", 5000, "Closed Lost", -200, true, null },
            { "opp_T05", "acc_T03", 80000, "Closed Won", -400, true, null },
            { "opp_T06", "acc_T04", 9000, "Proposal", 0, false, "con_T03" },
            { "opp_T07", "acc_T05", null, "Qualification", 3, false, null },
            { "opp_T08", null, null, "Prospecting", 500, false, null } };

    private static void insertOpportunities(Pool pool) {
        List<Tuple> rows = new ArrayList<>();
        for (Object[] o : OPPORTUNITIES) {
            rows.add(Tuple.of(o[0], "Deal " + o[0], o[1], o[2] == null ? null : new java.math.BigDecimal(o[2].toString()), o[3])
                    .addValue(TODAY.plusDays((Integer) o[4])).addValue(o[5]).addValue(o[6]));
        }
        pool.preparedQuery("INSERT INTO crm.opportunity (id, name, account_id, amount, stage, close_date, is_closed, contact_id) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)").executeBatch(rows).await().atMost(Duration.ofSeconds(10));
    }
}
