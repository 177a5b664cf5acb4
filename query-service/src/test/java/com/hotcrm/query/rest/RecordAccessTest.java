package com.hotcrm.query.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.query.CrmFixture;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Private accounts and opportunities owned by Ana (reporting to Max) and Bob: every read of query-service
 * sees exactly what the caller may read. The shared fixture's rows have no owner, so no rep sees them; these
 * rows are there only while each test runs.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class RecordAccessTest {

    static final String MAX = "usr_qmax";
    static final String ANA = "usr_qana";
    static final String BOB = "usr_qbob";

    @Inject
    MetadataRepository metadata;

    @BeforeEach
    void data() {
        CrmFixture.ensure(metadata);
        var pool = CrmFixture.writer();
        pool.preparedQuery("INSERT INTO crm.\"user\" (id, name, email, manager_id) VALUES ($1, $1, $2, $3) ON CONFLICT DO NOTHING")
                .executeBatch(List.of(Tuple.of(MAX, MAX + "@x.com", null), Tuple.of(ANA, ANA + "@x.com", MAX),
                        Tuple.of(BOB, BOB + "@x.com", null)))
                .await().atMost(Duration.ofSeconds(5));
        pool.preparedQuery("INSERT INTO crm.account (id, name, annual_revenue, industry, owner_id) VALUES ($1, $2, $3, 'Energy', $4) "
                + "ON CONFLICT DO NOTHING")
                .executeBatch(List.of(Tuple.of("acc_QA1", "Ana One", 100, ANA), Tuple.of("acc_QA2", "Ana Two", 200, ANA),
                        Tuple.of("acc_QB1", "Bob One", 1000, BOB)))
                .await().atMost(Duration.ofSeconds(5));
        pool.preparedQuery("INSERT INTO crm.opportunity (id, name, account_id, amount, stage, close_date, owner_id) "
                + "VALUES ($1, $1, 'acc_QA1', $2, 'Prospecting', current_date, $3) ON CONFLICT DO NOTHING")
                .executeBatch(List.of(Tuple.of("opp_QA1", 10, ANA), Tuple.of("opp_QB1", 99, BOB)))
                .await().atMost(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/v1/accounts").then().statusCode(200));
    }

    /** The other tests count the shared fixture exactly: these rows exist only during each test here. */
    @AfterEach
    void removeData() {
        CrmFixture.writer().query("DELETE FROM crm.opportunity WHERE id IN ('opp_QA1', 'opp_QB1'); "
                + "DELETE FROM crm.account WHERE id IN ('acc_QA1', 'acc_QA2', 'acc_QB1'); "
                + "DELETE FROM crm.\"user\" WHERE id IN ('usr_qana', 'usr_qbob', 'usr_qmax')")
                .execute().await().atMost(Duration.ofSeconds(5));
    }

    static String as(String user, String role) {
        return TestTokens.user(user, role, "Standard");
    }

    @Test
    void aRepSeesTheirOwnRecordsInListsCountsSumsAndGroups() {
        String ana = as(ANA, "sales_rep");
        given().auth().oauth2(ana).queryParam("sort", "Id").when().get("/v1/accounts")
                .then().statusCode(200).body("records.Id", contains("acc_QA1", "acc_QA2")).body("totalCount", equalTo(2));
        given().auth().oauth2(ana).when().get("/v1/accounts/count").then().body("count", equalTo(2));
        given().auth().oauth2(ana).when().get("/v1/accounts/sum/AnnualRevenue").then().body("sum", equalTo(300));
        given().auth().oauth2(ana).contentType(ContentType.JSON)
                .body("{\"groupBy\": \"Industry\", \"aggregations\": {\"n\": {\"function\": \"COUNT\"}}}")
                .when().post("/v1/accounts/groupby")
                .then().statusCode(200).body("groups.n", contains(2));
    }

    @Test
    void relatedChildrenAreOnlyTheVisibleOnes() {
        given().auth().oauth2(as(ANA, "sales_rep")).contentType(ContentType.JSON)
                .body("{\"object\": \"Account\", \"fields\": [\"Name\"], \"filters\": [[\"Id\", \"=\", \"acc_QA1\"]],"
                        + " \"related\": {\"Opportunities\": {\"fields\": [\"Amount\"]}}}")
                .when().post("/v1/query")
                .then().statusCode(200)
                .body("records[0].Opportunities.Id", contains("opp_QA1"));
    }

    @Test
    void managersReachTheirReportsRecordsAndOthersDoNot() {
        given().auth().oauth2(as(MAX, "sales_rep")).queryParam("sort", "Id").when().get("/v1/accounts")
                .then().body("records.Id", contains("acc_QA1", "acc_QA2"));
        given().auth().oauth2(as(BOB, "sales_rep")).when().get("/v1/accounts")
                .then().body("records.Id", contains("acc_QB1"));
        // Bob's deal on Ana's account: the account is not his to read, so it is not shown through the deal either
        given().auth().oauth2(as(BOB, "sales_rep")).queryParam("fields", "Name,AccountId,Account.Name").when().get("/v1/opportunities")
                .then().body("records.Id", contains("opp_QB1")).body("records[0].AccountId", equalTo("acc_QA1"))
                .body("records[0].Account", org.hamcrest.Matchers.nullValue());
        // her manager reaches it
        given().auth().oauth2(as(MAX, "sales_rep")).queryParam("fields", "Name,Account.Name").queryParam("filters", "[[\"Id\",\"=\",\"opp_QA1\"]]")
                .when().get("/v1/opportunities").then().body("records[0].Account.Name", equalTo("Ana One"));
        // a private object without view all: an agent who owns no account sees none
        given().auth().oauth2(as("usr_qagent", "support_agent")).when().get("/v1/accounts/count").then().body("count", equalTo(0));
    }

    @Test
    void aFieldHiddenFromARoleIsNotThereForItAnywhere() {
        var pool = CrmFixture.writer();
        pool.query("INSERT INTO crm.field_permission (object, field, role, access) VALUES ('Account', 'AnnualRevenue', "
                + "'sales_manager', 'hidden') ON CONFLICT DO NOTHING; SELECT pg_notify('hotcrm_metadata', 'Account')")
                .execute().await().atMost(Duration.ofSeconds(5));
        String manager = as("usr_qsm", "sales_manager");
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(manager)
                    .queryParam("fields", "Name,AnnualRevenue").when().get("/v1/accounts").then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_ERROR")));
            given().auth().oauth2(manager).queryParam("filters", "[[\"Id\",\"=\",\"acc_QA1\"]]").when().get("/v1/accounts")
                    .then().statusCode(200).body("records[0].Name", equalTo("Ana One"))
                    .body("records[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("AnnualRevenue")));
            given().auth().oauth2(manager).queryParam("filters", "[[\"AnnualRevenue\",\">\",0]]").when().get("/v1/accounts")
                    .then().statusCode(400);
            given().auth().oauth2(manager).queryParam("sort", "-AnnualRevenue").when().get("/v1/accounts").then().statusCode(400);
            given().auth().oauth2(manager).when().get("/v1/accounts/sum/AnnualRevenue").then().statusCode(400);
            given().auth().oauth2(manager).queryParam("fields", "Name,Account.AnnualRevenue").when().get("/v1/opportunities")
                    .then().statusCode(400);
            given().auth().oauth2(manager).queryParam("fields", "Name,Account.Name").when().get("/v1/opportunities")
                    .then().statusCode(200);
            given().auth().oauth2(manager).contentType(ContentType.JSON)
                    .body("{\"groupBy\": \"AnnualRevenue\", \"aggregations\": {\"n\": {\"function\": \"COUNT\"}}}")
                    .when().post("/v1/accounts/groupby").then().statusCode(400);
            // other roles still see it
            given().queryParam("fields", "Name,AnnualRevenue").when().get("/v1/accounts").then().statusCode(200);
        } finally {
            pool.query("DELETE FROM crm.field_permission WHERE object = 'Account'; SELECT pg_notify('hotcrm_metadata', 'Account')")
                    .execute().await().atMost(Duration.ofSeconds(5));
        }
    }

    @Test
    void viewAllSeesEverythingAndNoReadPermissionIsForbidden() {
        given().auth().oauth2(as("usr_qsm", "sales_manager")).when().get("/v1/accounts/count")
                .then().body("count", greaterThanOrEqualTo(11));
        given().auth().oauth2(as("usr_qagent", "support_agent")).when().get("/v1/opportunities")
                .then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));
        given().auth().oauth2(as("usr_qagent", "support_agent")).contentType(ContentType.JSON).body("{\"object\": \"Opportunity\"}")
                .when().post("/v1/query").then().statusCode(403);
    }
}
