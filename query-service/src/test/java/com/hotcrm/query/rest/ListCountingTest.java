package com.hotcrm.query.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.query.CrmFixture;
import com.hotcrm.query.StatementLog;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * How a list's {@code totalCount} is found, at a scale shrunk by the profile (matches are counted exactly up
 * to 100; the planner's estimate is trusted above 40): the last page needs no count, a big estimate is
 * answered without reading the matches, and a small one is counted. The statistics are made stale on
 * purpose (rows deleted after ANALYZE), so that which of them answered shows in the total.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@TestProfile(ListCountingTest.SmallLimits.class)
class ListCountingTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hotcrm.query.exact-count-limit", "100", "hotcrm.query.estimate-trusted-above", "40");
        }
    }

    static final String MANY = "CountMany";
    static final String FEW = "CountFew";
    static final String REP = "usr_countrep";

    @Inject
    MetadataRepository metadata;

    @Inject
    StatementLog statements;

    @BeforeEach
    void data() {
        CrmFixture.ensure(metadata);
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rows.add(Tuple.of(String.format("acc_CM%03d", i), "Many " + i, MANY, new BigDecimal(i)));
        }
        for (int i = 0; i < 30; i++) {
            rows.add(Tuple.of(String.format("acc_CF%03d", i), "Few " + i, FEW, new BigDecimal(i)));
        }
        sql("DELETE FROM crm.account WHERE id LIKE 'acc_C%'");
        CrmFixture.writer().preparedQuery("INSERT INTO crm.account (id, name, industry, annual_revenue) VALUES ($1, $2, $3, $4)")
                .executeBatch(rows).await().atMost(Duration.ofSeconds(10));
        // a rep who owns 15 of the 40 that stay
        sql("INSERT INTO crm.\"user\" (id, name, email) VALUES ('" + REP + "', 'Rep', 'rep@count.test') ON CONFLICT DO NOTHING");
        sql("UPDATE crm.account SET owner_id = '" + REP + "' WHERE id LIKE 'acc_CM%' AND annual_revenue < 15");
        sql("ANALYZE crm.account");
        // the planner still believes 60 and 30; 40 and 25 are there
        sql("DELETE FROM crm.account WHERE (id LIKE 'acc_CM%' AND annual_revenue >= 40) OR (id LIKE 'acc_CF%' AND annual_revenue >= 25)");
        statements.clear();
    }

    @AfterEach
    void clean() {
        sql("DELETE FROM crm.account WHERE id LIKE 'acc_C%'");
        sql("DELETE FROM crm.\"user\" WHERE id = '" + REP + "'");
        sql("ANALYZE crm.account");
    }

    static void sql(String sql) {
        CrmFixture.writer().query(sql).execute().await().atMost(Duration.ofSeconds(10));
    }

    static String industry(String value) {
        return "[[\"Industry\",\"=\",\"" + value + "\"]]";
    }

    @Test
    void aBigEstimateIsTheTotalWithoutCountingTheMatches() {
        given().queryParam("filters", industry(MANY)).queryParam("limit", 10).when().get("/v1/accounts")
                .then().statusCode(200)
                .body("records", hasSize(10))
                .body("hasMore", equalTo(true))
                .body("totalCount", equalTo(60))
                .body("totalCountExact", equalTo(false));
        assertTrue(statements.onObjectTables().stream().noneMatch(sql -> sql.contains("count(")),
                "no statement counted the matches: " + statements.onObjectTables());
    }

    @Test
    void aRepsTotalIsCountedAmongWhatTheyMayReadNeverEstimatedOverTheTable() {
        // the planner cannot see through the access condition: its estimate would be about the 60 it believes
        // there are of the industry, and would tell the rep how many there are in all
        given().auth().oauth2(TestTokens.user(REP, "sales_rep", "Standard")).queryParam("filters", industry(MANY))
                .queryParam("limit", 10).when().get("/v1/accounts")
                .then().statusCode(200)
                .body("records", hasSize(10))
                .body("hasMore", equalTo(true))
                .body("totalCount", equalTo(15))
                .body("totalCountExact", nullValue());
        assertTrue(statements.onObjectTables().stream().noneMatch(sql -> sql.startsWith("EXPLAIN")),
                "no estimate was asked for: " + statements.onObjectTables());
    }

    @Test
    void aSmallEstimateIsCheckedByCountingTheMatches() {
        given().queryParam("filters", industry(FEW)).queryParam("limit", 10).when().get("/v1/accounts")
                .then().statusCode(200)
                .body("hasMore", equalTo(true))
                .body("totalCount", equalTo(25))
                .body("totalCountExact", nullValue());
    }

    @Test
    void theLastPageIsTheCountAndTakesNoOtherStatement() {
        given().queryParam("filters", industry(MANY)).queryParam("limit", 50).queryParam("offset", 30)
                .when().get("/v1/accounts")
                .then().statusCode(200)
                .body("records", hasSize(10))
                .body("hasMore", equalTo(false))
                .body("totalCount", equalTo(40))
                .body("totalCountExact", nullValue());
        assertEquals(1, statements.onObjectTables().size(), "only the page: " + statements.onObjectTables());
    }

    @Test
    void aPageAfterACursorIsNotTakenForTheCount() {
        String cursor = given().queryParam("filters", industry(FEW)).queryParam("sort", "AnnualRevenue")
                .queryParam("limit", 20).when().get("/v1/accounts")
                .then().statusCode(200).body("totalCount", equalTo(25)).extract().path("nextCursor");
        // the 5 left after the cursor are not all there is
        given().queryParam("filters", industry(FEW)).queryParam("sort", "AnnualRevenue").queryParam("cursor", cursor)
                .when().get("/v1/accounts")
                .then().statusCode(200)
                .body("records", hasSize(5))
                .body("hasMore", equalTo(false))
                .body("totalCount", equalTo(25));
    }

    @Test
    void countExactCountsEveryMatchWhateverThePlannerThinks() {
        given().queryParam("filters", industry(MANY)).queryParam("limit", 10).queryParam("count", "exact")
                .when().get("/v1/accounts")
                .then().statusCode(200)
                .body("totalCount", equalTo(40))
                .body("totalCountExact", nullValue());
    }
}
