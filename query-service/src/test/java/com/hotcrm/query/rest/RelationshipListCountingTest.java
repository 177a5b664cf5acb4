package com.hotcrm.query.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import com.hotcrm.query.CrmFixture;
import com.hotcrm.query.StatementLog;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A list filtered on a parent's field ({@code Account.Industry} on contacts) counts by a join, so an estimate above
 * the exact-count limit is its total without counting; one below is still counted. At a scale shrunk by the profile:
 * exact up to 20, estimates otherwise trusted only above 1,000.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@TestProfile(RelationshipListCountingTest.SmallLimits.class)
class RelationshipListCountingTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hotcrm.query.exact-count-limit", "20", "hotcrm.query.estimate-trusted-above", "1000");
        }
    }

    @Inject
    MetadataRepository metadata;

    @Inject
    StatementLog statements;

    @BeforeEach
    void data() {
        CrmFixture.ensure(metadata);
        clean();
        List<Tuple> accounts = new ArrayList<>();
        List<Tuple> contacts = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            String account = String.format("acc_RC%03d", i);
            accounts.add(Tuple.of(account, "Rel " + i, i < 60 ? "RelMany" : "RelFew"));
            contacts.add(Tuple.of(String.format("con_RC%03d", i), account, "Contact " + i));
        }
        CrmFixture.writer().preparedQuery("INSERT INTO crm.account (id, name, industry) VALUES ($1, $2, $3)")
                .executeBatch(accounts).await().atMost(Duration.ofSeconds(10));
        CrmFixture.writer().preparedQuery("INSERT INTO crm.contact (id, account_id, last_name) VALUES ($1, $2, $3)")
                .executeBatch(contacts).await().atMost(Duration.ofSeconds(10));
        ListCountingTest.sql("ANALYZE crm.account");
        ListCountingTest.sql("ANALYZE crm.contact");
        statements.clear();
    }

    @AfterEach
    void clean() {
        ListCountingTest.sql("DELETE FROM crm.contact WHERE id LIKE 'con_RC%'");
        ListCountingTest.sql("DELETE FROM crm.account WHERE id LIKE 'acc_RC%'");
    }

    static String byIndustry(String industry) {
        return "[[\"Account.Industry\",\"=\",\"" + industry + "\"]]";
    }

    @Test
    void anEstimateAboveTheExactLimitIsTheTotalWithoutAJoinToCount() {
        given().queryParam("filters", byIndustry("RelMany")).queryParam("limit", 10).when().get("/v1/contacts")
                .then().statusCode(200)
                .body("records", hasSize(10))
                .body("hasMore", equalTo(true))
                .body("totalCount", greaterThan(20))
                .body("totalCountExact", equalTo(false));
        assertTrue(statements.onObjectTables().stream().noneMatch(sql -> sql.contains("count(")),
                "no statement counted the matches: " + statements.onObjectTables());
    }

    @Test
    void anEstimateBelowItIsCounted() {
        given().queryParam("filters", byIndustry("RelFew")).queryParam("limit", 5).when().get("/v1/contacts")
                .then().statusCode(200)
                .body("records", hasSize(5))
                .body("hasMore", equalTo(true))
                .body("totalCount", equalTo(10))
                .body("totalCountExact", nullValue());
        assertTrue(statements.onObjectTables().stream().anyMatch(sql -> sql.contains("count(")),
                "the matches were counted: " + statements.onObjectTables());
    }
}
