package com.hotcrm.query;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.data.metadata.ObjectTableDdl;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.StandardObjects;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The crm schema as records-service lays it out (its tables from the standard metadata, the metadata
 * stored and announced), and a small known data set, so query-service can be tested on its own.
 */
public final class CrmFixture {

    public static final LocalDate TODAY = LocalDate.now(java.time.ZoneOffset.UTC);
    private static boolean ready;

    private CrmFixture() {
    }

    public static synchronized void ensure(Pool pool, MetadataRepository metadata) {
        if (ready) {
            return;
        }
        List<String> ddl = new ArrayList<>(List.of("CREATE SCHEMA IF NOT EXISTS crm",
                "CREATE TABLE IF NOT EXISTS crm.object_metadata (name text PRIMARY KEY, definition jsonb NOT NULL, "
                        + "custom boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL DEFAULT now(), "
                        + "updated_at timestamptz NOT NULL DEFAULT now())"));
        StandardObjects.all().forEach(def -> ddl.addAll(ObjectTableDdl.tableAndColumns(def)));
        StandardObjects.all().forEach(def -> ddl.addAll(ObjectTableDdl.foreignKeys(def)));
        pool.withTransaction(tx -> Multi.createFrom().iterable(ddl)
                .onItem().transformToUniAndConcatenate(sql -> tx.query(sql).execute())
                .collect().last()
                .flatMap(x -> Multi.createFrom().iterable(StandardObjects.all())
                        .onItem().transformToUniAndConcatenate((ObjectDef def) -> metadata.save(tx, def)).collect().last())
                .flatMap(x -> metadata.announceChange(tx, "*")))
                .await().atMost(Duration.ofSeconds(30));
        insertAccounts(pool);
        insertOpportunities(pool);
        ready = true;
    }

    /** Eight accounts: name, industry, revenue, status. */
    static final Object[][] ACCOUNTS = {
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

    /** Opportunities: id, account, amount, stage, close date (days from today), closed. */
    static final Object[][] OPPORTUNITIES = {
            { "opp_T01", "acc_T01", 150000, "Negotiation", 10, false },
            { "opp_T02", "acc_T01", 20000, "Prospecting", 40, false },
            { "opp_T03", "acc_T02", 300000, "Closed Won", -20, true },
            { "opp_T04", "acc_T02", 5000, "Closed Lost", -200, true },
            { "opp_T05", "acc_T03", 80000, "Closed Won", -400, true },
            { "opp_T06", "acc_T04", 9000, "Proposal", 0, false },
            { "opp_T07", "acc_T05", null, "Qualification", 3, false } };

    private static void insertOpportunities(Pool pool) {
        List<Tuple> rows = new ArrayList<>();
        for (Object[] o : OPPORTUNITIES) {
            rows.add(Tuple.of(o[0], "Deal " + o[0], o[1], o[2] == null ? null : new java.math.BigDecimal(o[2].toString()), o[3])
                    .addValue(TODAY.plusDays((Integer) o[4])).addValue(o[5]));
        }
        pool.preparedQuery("INSERT INTO crm.opportunity (id, name, account_id, amount, stage, close_date, is_closed) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7)").executeBatch(rows).await().atMost(Duration.ofSeconds(10));
    }
}
