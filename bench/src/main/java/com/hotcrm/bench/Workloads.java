package com.hotcrm.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.suite.Service;

/**
 * The workloads of issue 17, in the order they run (reads first, so that the writes' rows and events do
 * not change what the reads see), each with its API call and its PostgreSQL equivalent. The SQL is what
 * the services run for the call, without the access checks an admin skips anyway: a list is its page
 * statement (plus, when its page is full, the planner's estimate of the matches, or a count of up to 10,001 of
 * them when that estimate is small), a create or update is the row alone
 * (records-service writes its change event to the outbox in the same transaction).
 */
final class Workloads {

    /**
     * The filtered sorted list's page, as query-service's SortCompiler orders it (empty values last, then Id in
     * the last key's direction).
     */
    static final String LIST_SQL = "SELECT * FROM crm.account t0 WHERE t0.\"industry\" = ?"
            + " ORDER BY t0.\"annual_revenue\" DESC NULLS LAST, t0.\"id\" DESC LIMIT 51";

    /**
     * The count query-service runs after a full page when the planner expects at most 50,000 matches
     * ({@code hotcrm.query.estimate-trusted-above}): exact up to 10,000. An industry at a million accounts (about
     * 71,000) is above that, so there the list only asks EXPLAIN; at 300,000 accounts (about 21,000) it counts.
     */
    static final String LIST_COUNT_SQL = "SELECT count(*) AS n FROM (SELECT 1 FROM crm.account t0 WHERE t0.\"industry\" = ?"
            + " LIMIT 10001) c";

    /**
     * The matches of the parent-field list, as query-service compiles {@code [["Account.Industry","=",X]]} on contacts
     * for an admin (FilterCompiler): the parent's field is an EXISTS on the account by its primary key, with no access
     * condition inside (an admin may read every account).
     */
    private static final String PARENT_LIST_FROM = " FROM crm.contact t0 WHERE EXISTS (SELECT 1 FROM crm.account r1"
            + " WHERE r1.\"id\" = t0.\"account_id\" AND r1.\"industry\" = ?)";

    /**
     * The parent-field list's page, ordered as SortCompiler orders {@code -CreatedDate} (empty values last, then Id
     * descending like the last key): every table has an index on {@code (created_date NULLS FIRST, id)}.
     */
    static final String PARENT_LIST_SQL = "SELECT *" + PARENT_LIST_FROM
            + " ORDER BY t0.\"created_date\" DESC NULLS LAST, t0.\"id\" DESC LIMIT 51";

    /** The planner's estimate of the parent-field list's matches, which query-service asks after a full page. */
    static final String PARENT_LIST_ESTIMATE_SQL = "EXPLAIN (FORMAT JSON) SELECT 1" + PARENT_LIST_FROM;

    /**
     * The count query-service runs after a full page of the parent-field list when that estimate is at most 10,000 (a
     * filter across a relationship counts by a join, so a larger estimate is the total): exact up to 10,000. The demo
     * data's contacts of one industry are more (about 15,600 at a million accounts: some 218,000 contacts over 14
     * industries), so unless the planner misjudges them this count does not run.
     */
    static final String PARENT_LIST_COUNT_SQL = "SELECT count(*) AS n FROM (SELECT 1" + PARENT_LIST_FROM + " LIMIT 10001) c";

    /**
     * query-service's {@code hotcrm.query.exact-count-limit} (its default): for a filter across a relationship, a larger
     * estimate is the total.
     */
    private static final long EXACT_COUNT_LIMIT = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] RATINGS = { "Hot", "Warm", "Cold" };

    private Workloads() {
    }

    static List<Workload> all(Fixture fixture) {
        List<Workload> all = new ArrayList<>();
        all.add(new Workload("get", "get by id", "req", Service.RECORDS, "ratio >= 0.40, p99 <= 30 ms", 0.40, 0, 30,
                api -> () -> () -> {
                    String id = fixture.randomAccount();
                    JsonNode record = api.get("/v1/accounts/" + id);
                    expect(id.equals(record.path("Id").asText()), "GET /v1/accounts/{id} answered another record");
                    return 1;
                },
                sql -> () -> new JdbcOperation(sql.database(), "SELECT * FROM crm.account t0 WHERE t0.id = ?") {
                    @Override
                    int call(PreparedStatement s) throws SQLException {
                        s.setString(1, fixture.randomAccount());
                        return rows(s) == 1 ? 1 : fail("no row");
                    }
                }, "PostgreSQL: the row by primary key"));

        all.add(new Workload("list", "list filtered and sorted", "req", Service.QUERY, "ratio >= 0.40, p99 <= 30 ms", 0.40, 0, 30,
                api -> () -> () -> {
                    String filters = "[[\"Industry\",\"=\",\"" + fixture.randomIndustry() + "\"]]";
                    JsonNode page = api.get("/v1/accounts?filters=" + Api.encode(filters) + "&sort=-AnnualRevenue&limit=50");
                    expect(page.path("records").isArray(), "no records in the list");
                    return 1;
                },
                sql -> () -> new JdbcOperation(sql.database(), LIST_SQL) {
                    @Override
                    int call(PreparedStatement s) throws SQLException {
                        s.setString(1, fixture.randomIndustry());
                        rows(s);
                        return 1;
                    }
                }, "GET /v1/accounts?filters=[[\"Industry\",\"=\",X]]&sort=-AnnualRevenue&limit=50; PostgreSQL: the page"
                        + " statement (query-service also asks EXPLAIN for the planner's estimate of the matches: above 50,000, that is the total)"));

        all.add(new Workload("parent-list", "list filtered/sorted on a parent field", "req", Service.QUERY, null, 0, 0, 0,
                api -> () -> () -> {
                    String filters = "[[\"Account.Industry\",\"=\",\"" + fixture.randomIndustry() + "\"]]";
                    JsonNode page = api.get("/v1/contacts?filters=" + Api.encode(filters) + "&sort=-CreatedDate&limit=50");
                    expect(page.path("records").isArray(), "no records in the list");
                    return 1;
                },
                sql -> () -> new ParentListSql(sql.database(), fixture),
                "GET /v1/contacts?filters=[[\"Account.Industry\",\"=\",X]]&sort=-CreatedDate&limit=50 (contacts of the"
                        + " accounts of an industry, newest first); PostgreSQL: what query-service runs for it, the page statement"
                        + " (the parent's field an EXISTS on the account by primary key) and, after a full page, the planner's"
                        + " estimate of the matches (EXPLAIN) and, when that is at most 10,000, a count of up to 10,001 of them"));

        all.add(new Workload("children", "list of a parent's children", "req", Service.QUERY, null, 0, 0, 0,
                api -> () -> () -> {
                    String filters = "[[\"AccountId\",\"=\",\"" + fixture.randomParent() + "\"]]";
                    JsonNode page = api.get("/v1/contacts?filters=" + Api.encode(filters) + "&sort=LastName&limit=50");
                    expect(page.path("records").size() > 0, "an account with contacts listed none");
                    return 1;
                },
                sql -> () -> new JdbcOperation(sql.database(), "SELECT * FROM crm.contact t0 WHERE t0.\"account_id\" = ?"
                        + " ORDER BY t0.\"last_name\" ASC NULLS LAST, t0.\"id\" ASC LIMIT 51") {
                    @Override
                    int call(PreparedStatement s) throws SQLException {
                        s.setString(1, fixture.randomParent());
                        return rows(s) > 0 ? 1 : fail("no contacts");
                    }
                }, "GET /v1/contacts?filters=[[\"AccountId\",\"=\",id]]&sort=LastName"));

        all.add(new Workload("query", "/query with related", "req", Service.QUERY, null, 0, 0, 0,
                api -> () -> () -> {
                    JsonNode page = api.post("/v1/query", relatedQuery(fixture.randomIndustry()), 200);
                    expect(page.path("records").isArray(), "no records in the query's answer");
                    return 1;
                },
                sql -> () -> new RelatedSql(sql.database(), fixture),
                "10 accounts of an industry by revenue, each with 5 contacts and 5 opportunities;"
                        + " PostgreSQL: the page and one windowed statement per relationship"));

        all.add(new Workload("count", "count", "req", Service.QUERY, null, 0, 0, 0,
                api -> () -> () -> {
                    String filters = "[[\"Industry\",\"=\",\"" + fixture.randomIndustry() + "\"]]";
                    JsonNode count = api.get("/v1/accounts/count?filters=" + Api.encode(filters));
                    expect(count.path("count").isNumber(), "no count");
                    return 1;
                },
                sql -> () -> new JdbcOperation(sql.database(), "SELECT count(*) FROM crm.account t0 WHERE t0.\"industry\" = ?") {
                    @Override
                    int call(PreparedStatement s) throws SQLException {
                        s.setString(1, fixture.randomIndustry());
                        return rows(s) == 1 ? 1 : fail("no count");
                    }
                }, "accounts of an industry"));

        all.add(new Workload("groupby", "groupBy", "req", Service.QUERY, null, 0, 0, 0,
                api -> () -> () -> {
                    JsonNode groups = api.post("/v1/accounts/groupby", groupBy(fixture.randomStatus()), 200);
                    expect(groups.path("groups").size() > 0, "no groups");
                    return 1;
                },
                sql -> () -> new JdbcOperation(sql.database(), "SELECT t0.\"industry\", count(t0.\"id\"), sum(t0.\"annual_revenue\")"
                        + " FROM crm.account t0 WHERE t0.\"status\" = ? GROUP BY 1 ORDER BY 1 ASC NULLS LAST LIMIT 1000") {
                    @Override
                    int call(PreparedStatement s) throws SQLException {
                        s.setString(1, fixture.randomStatus());
                        return rows(s) > 0 ? 1 : fail("no groups");
                    }
                }, "accounts of a status: count and revenue per industry"));

        all.add(new Workload("create", "create (with its event)", "req", Service.RECORDS, "ratio >= 0.30", 0.30, 0, 0,
                api -> () -> () -> {
                    JsonNode created = api.post("/v1/accounts", newAccount(fixture.randomIndustry()), 201);
                    expect(created.path("Id").isTextual(), "no Id in the created record");
                    return 1;
                },
                sql -> () -> new JdbcOperation(sql.database(), INSERT) {
                    @Override
                    int call(PreparedStatement s) throws SQLException {
                        bindInsert(s, sql);
                        return s.executeUpdate();
                    }
                }, "PostgreSQL: one INSERT of the row (autocommit), no event"));

        all.add(new Workload("update", "update (PATCH)", "req", Service.RECORDS, null, 0, 0, 0,
                api -> () -> () -> {
                    api.patch("/v1/accounts/" + fixture.randomAccount(), Map.of("Rating", Fixture.pick(List.of(RATINGS)),
                            "NumberOfEmployees", ThreadLocalRandom.current().nextInt(1, 50_000)));
                    return 1;
                },
                sql -> () -> new JdbcOperation(sql.database(), "UPDATE crm.account SET \"rating\" = ?, \"number_of_employees\" = ?,"
                        + " \"modified_date\" = now(), \"row_version\" = \"row_version\" + 1 WHERE \"id\" = ?") {
                    @Override
                    int call(PreparedStatement s) throws SQLException {
                        s.setString(1, Fixture.pick(List.of(RATINGS)));
                        s.setInt(2, ThreadLocalRandom.current().nextInt(1, 50_000));
                        s.setString(3, fixture.randomAccount());
                        return s.executeUpdate() == 1 ? 1 : fail("no row updated");
                    }
                }, "two fields of a random account; PostgreSQL: one UPDATE (autocommit), no event"));

        all.add(new Workload("batch", "batch create, 200 records", "rows", Service.RECORDS, ">= 20,000 rows/s", 0, 20_000, 0,
                api -> () -> () -> {
                    List<Map<String, Object>> records = new ArrayList<>(200);
                    for (int i = 0; i < 200; i++) {
                        records.add(newAccount(fixture.randomIndustry()));
                    }
                    JsonNode result = api.post("/v1/batch/accounts", Map.of("records", records, "allOrNone", true), 200);
                    expect(result.path("successCount").asInt() == 200, "batch: " + result.path("errorCount").asInt() + " errors");
                    return 200;
                },
                sql -> () -> new JdbcOperation(sql.database(), INSERT) {
                    @Override
                    int call(PreparedStatement s) throws SQLException {
                        Connection c = s.getConnection();
                        c.setAutoCommit(false);
                        try {
                            for (int i = 0; i < 200; i++) {
                                bindInsert(s, sql);
                                s.addBatch();
                            }
                            s.executeBatch();
                            c.commit();
                        } catch (SQLException e) {
                            c.rollback();
                            throw e;
                        } finally {
                            c.setAutoCommit(true);
                        }
                        return 200;
                    }
                }, "rows/s; PostgreSQL: a 200-row INSERT in one transaction"));
        return all;
    }

    private static final String INSERT = "INSERT INTO crm.account (\"id\", \"owner_id\", \"created_by_id\", \"modified_by_id\","
            + " \"name\", \"industry\", \"type\", \"annual_revenue\", \"number_of_employees\", \"status\", \"rating\","
            + " \"billing_city\", \"billing_country\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static void bindInsert(PreparedStatement s, Workload.Sql sql) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int employees = random.nextInt(1, 50_000);
        s.setString(1, sql.inserted().next());
        s.setString(2, sql.fixture().ownerId());
        s.setString(3, sql.fixture().ownerId());
        s.setString(4, sql.fixture().ownerId());
        s.setString(5, "Bench " + random.nextInt(1_000_000));
        s.setString(6, sql.fixture().randomIndustry());
        s.setString(7, "Customer");
        s.setBigDecimal(8, java.math.BigDecimal.valueOf(employees * 100_000L));
        s.setInt(9, employees);
        s.setString(10, "Active");
        s.setString(11, Fixture.pick(List.of(RATINGS)));
        s.setString(12, "Berlin");
        s.setString(13, "Germany");
    }

    static Map<String, Object> newAccount(String industry) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int employees = random.nextInt(1, 50_000);
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("Name", "Bench " + random.nextInt(1_000_000));
        account.put("Industry", industry);
        account.put("Type", "Customer");
        account.put("AnnualRevenue", employees * 100_000L);
        account.put("NumberOfEmployees", employees);
        account.put("Status", "Active");
        account.put("Rating", Fixture.pick(List.of(RATINGS)));
        account.put("BillingCity", "Berlin");
        account.put("BillingCountry", "Germany");
        return account;
    }

    private static Map<String, Object> relatedQuery(String industry) {
        return Map.of("object", "Account", "fields", List.of("Name", "Industry", "AnnualRevenue"),
                "filters", List.of(List.of("Industry", "=", industry)), "sort", List.of(List.of("AnnualRevenue", "desc")),
                "limit", 10,
                "related", Map.of("Contacts", Map.of("fields", List.of("FirstName", "LastName", "Email"), "limit", 5),
                        "Opportunities", Map.of("fields", List.of("Name", "Amount", "Stage"), "limit", 5)));
    }

    private static Map<String, Object> groupBy(String status) {
        return Map.of("groupBy", "Industry",
                "aggregations", Map.of("accounts", Map.of("function", "COUNT", "field", "Id"),
                        "revenue", Map.of("function", "SUM", "field", "AnnualRevenue")),
                "filters", List.of(List.of("Status", "=", status)));
    }

    static void expect(boolean condition, String failure) throws IOException {
        if (!condition) {
            throw new IOException(failure);
        }
    }

    /** A thread's own connection and statement, closed when its run ends. */
    abstract static class JdbcOperation implements ClosedLoop.Operation, AutoCloseable {

        private final Connection connection;
        private final PreparedStatement statement;

        JdbcOperation(Database database, String sql) throws SQLException {
            this.connection = database.connect();
            this.statement = connection.prepareStatement(sql);
            statement.setQueryTimeout(30);
        }

        abstract int call(PreparedStatement statement) throws SQLException;

        @Override
        public int call() throws SQLException {
            return call(statement);
        }

        static int rows(PreparedStatement s) throws SQLException {
            int n = 0;
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        rs.getObject(i); // read every value, as a service building its JSON does
                    }
                    n++;
                }
            }
            return n;
        }

        static int fail(String why) throws SQLException {
            throw new SQLException(why);
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    /**
     * The parent-field list's SQL, statement by statement as query-service runs it for an admin (QueryService.page
     * and total): the page; when it is full (51 rows: there are more), the planner's estimate of the matches; when
     * that is at most {@link #EXACT_COUNT_LIMIT} (the filter is across a relationship), the matches counted up to 10,001.
     */
    private static final class ParentListSql implements ClosedLoop.Operation, AutoCloseable {

        private final Connection connection;
        private final Fixture fixture;
        private final PreparedStatement page;
        private final PreparedStatement estimate;
        private final PreparedStatement count;

        ParentListSql(Database database, Fixture fixture) throws SQLException {
            this.connection = database.connect();
            this.fixture = fixture;
            this.page = connection.prepareStatement(PARENT_LIST_SQL);
            this.estimate = connection.prepareStatement(PARENT_LIST_ESTIMATE_SQL);
            this.count = connection.prepareStatement(PARENT_LIST_COUNT_SQL);
            for (PreparedStatement s : List.of(page, estimate, count)) {
                s.setQueryTimeout(30);
            }
        }

        @Override
        public int call() throws SQLException, IOException {
            String industry = fixture.randomIndustry();
            page.setString(1, industry);
            if (JdbcOperation.rows(page) <= 50) {
                return 1; // the last page is its own count
            }
            estimate.setString(1, industry);
            long planned;
            try (ResultSet rs = estimate.executeQuery()) {
                rs.next();
                planned = JSON.readTree(rs.getString(1)).path(0).path("Plan").path("Plan Rows").asLong();
            }
            if (planned <= EXACT_COUNT_LIMIT) {
                count.setString(1, industry);
                JdbcOperation.rows(count);
            }
            return 1;
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    /** The related query's SQL: the page, then each relationship in one windowed statement for the whole page. */
    private static final class RelatedSql implements ClosedLoop.Operation, AutoCloseable {

        private final Connection connection;
        private final Fixture fixture;
        private final PreparedStatement page;
        private final PreparedStatement contacts;
        private final PreparedStatement opportunities;

        RelatedSql(Database database, Fixture fixture) throws SQLException {
            this.connection = database.connect();
            this.fixture = fixture;
            this.page = connection.prepareStatement("SELECT t0.\"id\", t0.\"name\", t0.\"industry\", t0.\"annual_revenue\""
                    + " FROM crm.account t0 WHERE t0.\"industry\" = ? ORDER BY t0.\"annual_revenue\" DESC NULLS LAST, t0.\"id\" ASC LIMIT 11");
            this.contacts = connection.prepareStatement("SELECT * FROM (SELECT t0.\"id\", t0.\"first_name\", t0.\"last_name\","
                    + " t0.\"email\", t0.\"account_id\", row_number() OVER (PARTITION BY t0.\"account_id\" ORDER BY t0.\"id\") AS rn"
                    + " FROM crm.contact t0 WHERE t0.\"account_id\" = ANY(?)) r WHERE rn <= 5");
            this.opportunities = connection.prepareStatement("SELECT * FROM (SELECT t0.\"id\", t0.\"name\", t0.\"amount\","
                    + " t0.\"stage\", t0.\"account_id\", row_number() OVER (PARTITION BY t0.\"account_id\" ORDER BY t0.\"id\") AS rn"
                    + " FROM crm.opportunity t0 WHERE t0.\"account_id\" = ANY(?)) r WHERE rn <= 5");
            for (PreparedStatement s : List.of(page, contacts, opportunities)) {
                s.setQueryTimeout(30);
            }
        }

        @Override
        public int call() throws SQLException {
            page.setString(1, fixture.randomIndustry());
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = page.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                    rs.getObject(2);
                    rs.getObject(3);
                    rs.getObject(4);
                }
            }
            var array = connection.createArrayOf("text", ids.toArray());
            contacts.setArray(1, array);
            JdbcOperation.rows(contacts);
            opportunities.setArray(1, array);
            JdbcOperation.rows(opportunities);
            return 1;
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
