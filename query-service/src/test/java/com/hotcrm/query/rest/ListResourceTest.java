package com.hotcrm.query.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.query.CrmFixture;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ListResourceTest {

    @Inject
    Pool pool;

    @Inject
    MetadataRepository metadata;

    @BeforeEach
    void data() {
        CrmFixture.ensure(metadata);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/v1/accounts").then().statusCode(200));
    }

    @Test
    void currentUserIsTheCallerOfTheToken() {
        CrmFixture.writer().query("UPDATE crm.opportunity SET owner_id = 'usr_cu1' WHERE id IN ('opp_T01', 'opp_T03')")
                .execute().await().atMost(Duration.ofSeconds(5));
        String filter = "[[\"OwnerId\",\"=\",\"$currentUser\"]]";
        given().auth().oauth2(TestTokens.user("usr_cu1", "sales_rep", "Standard")).queryParam("filters", filter)
                .queryParam("sort", "Id").when().get("/v1/opportunities")
                .then().statusCode(200)
                .body("records.Id", contains("opp_T01", "opp_T03"));
        given().auth().oauth2(TestTokens.user("usr_cu2", "sales_rep", "Standard")).queryParam("filters", filter)
                .when().get("/v1/opportunities/count")
                .then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void listAllHasTheSeedShape() {
        given().when().get("/v1/accounts")
                .then().statusCode(200)
                .body("records", hasSize(8))
                .body("totalCount", equalTo(8))
                .body("hasMore", equalTo(false))
                .body("limit", equalTo(50))
                .body("offset", equalTo(0))
                .body("records[0].Id", equalTo("acc_T01"))
                .body("records[0].Name", equalTo("Acme Corporation"));
    }

    @Test
    void fieldsFiltersSortAndPagination() {
        given().queryParam("fields", "Name,Industry,Phone").when().get("/v1/accounts")
                .then().statusCode(200).body("records[0].keySet()", containsInAnyOrder("Id", "Name", "Industry", "Phone"));
        given().queryParam("filters", "[[\"Industry\",\"=\",\"Technology\"]]").when().get("/v1/accounts")
                .then().statusCode(200)
                .body("records.Id", containsInAnyOrder("acc_T01", "acc_T02", "acc_T07"))
                .body("totalCount", equalTo(3));
        given().queryParam("sort", "-AnnualRevenue").queryParam("limit", 2).when().get("/v1/accounts")
                .then().statusCode(200)
                .body("records.Id", equalTo(List.of("acc_T05", "acc_T04")))
                .body("hasMore", equalTo(true))
                .body("totalCount", equalTo(8));
        given().queryParam("limit", 3).queryParam("offset", 6).when().get("/v1/accounts")
                .then().statusCode(200)
                .body("records.Id", equalTo(List.of("acc_T07", "acc_T08")))
                .body("hasMore", equalTo(false))
                .body("offset", equalTo(6));
        given().queryParam("filters", "[[\"Industry\",\"in\",[\"Technology\",\"Finance\"]]]").when().get("/v1/accounts")
                .then().body("totalCount", equalTo(5));
        given().queryParam("filters", "[[\"Name\",\"like\",\"%corp%\"]]").when().get("/v1/accounts")
                .then().body("records.Id", containsInAnyOrder("acc_T01", "acc_T02", "acc_T04"));
        given().queryParam("filters", "[[\"AnnualRevenue\",\"is null\"]]").when().get("/v1/accounts")
                .then().body("records.Id", equalTo(List.of("acc_T06")));
        given().queryParam("filters", "[[\"Status\",\"!=\",\"Active\"]]").when().get("/v1/accounts")
                .then().body("records.Id", containsInAnyOrder("acc_T03", "acc_T05", "acc_T07"));
    }

    @Test
    void parentFieldsInDotNotation() {
        given().queryParam("fields", "Name,Amount,Account.Name").queryParam("filters", "[[\"Amount\",\">\",100000]]")
                .when().get("/v1/opportunities")
                .then().statusCode(200)
                .body("records.Account.Name", containsInAnyOrder("Acme Corporation", "Globex Corp"));
    }

    @Test
    void queryEndpointAsTheSeedShows() {
        given().contentType(ContentType.JSON).body("""
                {"object": "Opportunity", "fields": ["Name", "Amount", "Stage", "CloseDate"],
                 "filters": [["Stage", "!=", "Closed Lost"], ["Amount", ">", 10000], ["CloseDate", "next_n_days", 60]],
                 "sort": [["Amount", "desc"]], "limit": 50}""")
                .when().post("/v1/query")
                .then().statusCode(200)
                .body("records.Id", equalTo(List.of("opp_T01", "opp_T02")))
                .body("totalCount", equalTo(2))
                .body("hasMore", equalTo(false));
        given().contentType(ContentType.JSON).body("""
                {"object": "Opportunity", "filters": {"Stage": {"$in": ["Closed Won", "Closed Lost"]}, "Amount": {"$gte": 80000}}}""")
                .when().post("/v1/query")
                .then().statusCode(200).body("records.Id", containsInAnyOrder("opp_T03", "opp_T05"));
    }

    @Test
    void queryAndGroupByEnvelopesSayWhatToFix() {
        given().contentType(ContentType.JSON).body("{\"object\": \"Opportunity\", \"limt\": 5}")
                .when().post("/v1/query").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details.field", contains("limt"))
                .body("error.message", equalTo("Unknown field 'limt'; allowed: count, cursor, fields, filters, limit, object, offset, related, sort"));
        given().contentType(ContentType.JSON).body("{\"object\": \"Opportunity\", \"limit\": \"5\"}")
                .when().post("/v1/query").then().statusCode(400)
                .body("error.details.field", contains("limit"))
                .body("error.message", containsString("expected a number"));
        given().contentType(ContentType.JSON).body("{\"object\": \" \", \"count\": \"fast\"}")
                .when().post("/v1/query").then().statusCode(400)
                .body("error.details.field", contains("count", "object"));
        given().contentType(ContentType.JSON).when().post("/v1/query").then().statusCode(400)
                .body("error.message", equalTo("Send a JSON object as the request body"));
        given().contentType(ContentType.JSON).body("""
                {"groupBy": "Stage", "aggregations": {"n": {"function": "MEDIAN", "field": "Amount"}, "9x": {"function": "COUNT"}}}""")
                .when().post("/v1/opportunities/groupby").then().statusCode(400)
                .body("error.details.field", contains("aggregations.9x", "aggregations.n.function"))
                .body("error.details.message", hasItem("function is COUNT, COUNT_DISTINCT, SUM, AVG, MIN or MAX"));
        given().contentType(ContentType.JSON).body("{\"aggregations\": {}}")
                .when().post("/v1/opportunities/groupby").then().statusCode(400)
                .body("error.details.field", contains("aggregations", "groupBy"));
        given().contentType(ContentType.JSON).body("{\"groupBy\": \"Stage\", \"aggregations\": {\"n\": {\"function\": \"COUNT\", \"feild\": \"Id\"}}}")
                .when().post("/v1/opportunities/groupby").then().statusCode(400)
                .body("error.message", equalTo("Unknown field 'aggregations.n.feild'; allowed: field, function"));
    }

    @Test
    void relatedChildrenComeNestedWithTheirOwnFiltersSortAndLimit() {
        given().contentType(ContentType.JSON).body("""
                {"object": "Account", "fields": ["Name", "Industry"], "filters": [["Industry", "=", "Technology"]],
                 "sort": "Name",
                 "related": {
                   "Opportunities": {"fields": ["Name", "Amount", "Stage"], "filters": [["IsClosed", "=", false]],
                                     "sort": "-Amount", "limit": 1},
                   "Contacts": {"fields": ["FirstName", "LastName", "Email"]}
                 }}""")
                .when().post("/v1/query")
                .then().statusCode(200)
                .body("records.Id", equalTo(List.of("acc_T01", "acc_T02", "acc_T07")))
                .body("records[0].Opportunities.Id", equalTo(List.of("opp_T01")))
                .body("records[0].Opportunities[0].Amount", equalTo(150000))
                .body("records[1].Opportunities", hasSize(0))
                .body("records[0].Contacts", hasSize(0));
        given().contentType(ContentType.JSON).body("{\"object\": \"Account\", \"related\": {\"Spaceships\": {}}}")
                .when().post("/v1/query")
                .then().statusCode(400)
                .body("error.details[0].field", equalTo("related.Spaceships"));
    }

    @Test
    void followingNextCursorWhileRowsComeAndGoReturnsEveryStableRowExactlyOnce() {
        List<io.vertx.mutiny.sqlclient.Tuple> rows = new java.util.ArrayList<>();
        java.util.Set<String> stable = new java.util.HashSet<>();
        for (int i = 0; i < 120; i++) {
            String id = String.format("con_C%03d", i);
            String email = i % 5 == 0 ? null : i % 7 == 0 ? "dup@example.com" : String.format("c%03d@example.com", (i * 37) % 120);
            rows.add(io.vertx.mutiny.sqlclient.Tuple.of(id, "Cursor-" + i, email));
            stable.add(id);
        }
        CrmFixture.writer().preparedQuery("INSERT INTO crm.contact (id, last_name, email) VALUES ($1, $2, $3)").executeBatch(rows)
                .await().atMost(Duration.ofSeconds(10));
        String filters = "[[\"LastName\",\"like\",\"Cursor-%\"]]";
        java.util.List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        int page = 0;
        do {
            var request = given().queryParam("filters", filters).queryParam("sort", "Email").queryParam("limit", 25)
                    .queryParam("fields", "Email");
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var response = request.when().get("/v1/contacts").then().statusCode(200).extract();
            seen.addAll(response.jsonPath().getList("records.Id"));
            cursor = response.jsonPath().getString("nextCursor");
            // meanwhile: new rows arrive, and rows (seen or not) are deleted
            String fresh = String.format("con_N%03d", page);
            CrmFixture.writer().preparedQuery("INSERT INTO crm.contact (id, last_name, email) VALUES ($1, $2, $3)")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(fresh, "Cursor-new-" + page, "a" + page + "@example.com"))
                    .await().atMost(Duration.ofSeconds(5));
            String gone = String.format("con_C%03d", 119 - page * 3);
            CrmFixture.writer().preparedQuery("DELETE FROM crm.contact WHERE id = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(gone))
                    .await().atMost(Duration.ofSeconds(5));
            stable.remove(gone);
            page++;
        } while (cursor != null && page < 20);
        assertEquals(new java.util.HashSet<>(seen).size(), seen.size(), "no row twice");
        org.hamcrest.MatcherAssert.assertThat(seen, org.hamcrest.Matchers.hasItems(stable.toArray(String[]::new)));
        // a page far above the 8 KB Quarkus writes at a time by default goes out in one piece, with its length
        // (quarkus.rest.output-buffer-size, platform defaults), not in chunks
        var whole = given().queryParam("filters", filters).queryParam("limit", 200).when().get("/v1/contacts").then()
                .statusCode(200).header("Transfer-Encoding", org.hamcrest.Matchers.nullValue()).extract();
        int bytes = whole.asByteArray().length;
        assertTrue(bytes > 16_384, "a page of " + whole.jsonPath().getList("records").size() + " contacts is " + bytes + " bytes");
        assertEquals(String.valueOf(bytes), whole.header("Content-Length"));
        given().queryParam("filters", filters).queryParam("sort", "-Email").queryParam("cursor", "bogus")
                .when().get("/v1/contacts").then().statusCode(400).body("error.details[0].field", equalTo("cursor"));
        String other = given().queryParam("filters", filters).queryParam("limit", 5).when().get("/v1/contacts")
                .then().extract().path("nextCursor");
        given().queryParam("filters", filters).queryParam("sort", "-Email").queryParam("cursor", other)
                .when().get("/v1/contacts").then().statusCode(400).body("error.details[0].field", equalTo("cursor"));
    }

    @Test
    void aggregationsMatchPlainSql() {
        given().queryParam("filters", "[[\"Status\",\"=\",\"Active\"]]").when().get("/v1/accounts/count")
                .then().statusCode(200).body("count", equalTo((int) sqlLong("SELECT count(*) FROM crm.account WHERE status = 'Active'")));
        given().queryParam("filters", "[[\"Stage\",\"=\",\"Closed Won\"]]").when().get("/v1/opportunities/sum/Amount")
                .then().statusCode(200)
                .body("sum", equalTo(380000))
                .body("count", equalTo(2));
        given().queryParam("filters", "[[\"Stage\",\"=\",\"Closed Won\"]]").when().get("/v1/opportunities/avg/Amount")
                .then().statusCode(200)
                .body("average", equalTo(190000))
                .body("count", equalTo(2));
        given().contentType(ContentType.JSON).body("""
                {"groupBy": "Stage", "aggregations": {"count": {"function": "COUNT", "field": "Id"},
                 "totalAmount": {"function": "SUM", "field": "Amount"}, "avgAmount": {"function": "AVG", "field": "Amount"}},
                 "filters": [["IsClosed", "=", true]]}""")
                .when().post("/v1/opportunities/groupby")
                .then().statusCode(200)
                .body("groups", hasSize(2))
                .body("groups.find { it.Stage == 'Closed Won' }.count", equalTo(2))
                .body("groups.find { it.Stage == 'Closed Won' }.totalAmount", equalTo(380000))
                .body("groups.find { it.Stage == 'Closed Lost' }.avgAmount", equalTo(5000));
        given().contentType(ContentType.JSON).body("""
                {"groupBy": ["Industry"], "aggregations": {"n": {"function": "COUNT_DISTINCT", "field": "Status"},
                 "most": {"function": "MAX", "field": "AnnualRevenue"}}}""")
                .when().post("/v1/accounts/groupby")
                .then().statusCode(200)
                .body("groups.find { it.Industry == 'Technology' }.most", equalTo(12000000))
                .body("groups.find { it.Industry == 'Technology' }.n", equalTo(2));
    }

    @Test
    void groupByHavingAndSortOnAggregations() {
        given().contentType(ContentType.JSON).body("""
                {"groupBy": "AccountId", "aggregations": {"deals": {"function": "COUNT", "field": "Id"},
                 "total": {"function": "SUM", "field": "Amount"}},
                 "having": [["deals", ">=", 1], ["total", ">", 50000]], "sort": "-total"}""")
                .when().post("/v1/opportunities/groupby")
                .then().statusCode(200)
                .body("groups.AccountId", equalTo(List.of("acc_T02", "acc_T01", "acc_T03")))
                .body("groups.total", equalTo(List.of(305000, 170000, 80000)));
        given().contentType(ContentType.JSON).body("""
                {"groupBy": "Stage", "aggregations": {"n": {"function": "COUNT"}}, "having": [["nope", ">", 1]]}""")
                .when().post("/v1/opportunities/groupby")
                .then().statusCode(400).body("error.details[0].field", equalTo("having[0]"));
        given().contentType(ContentType.JSON).body("""
                {"groupBy": "Stage", "aggregations": {"n": {"function": "COUNT"}}, "sort": "-Amount; DROP"}""")
                .when().post("/v1/opportunities/groupby")
                .then().statusCode(400).body("error.details[0].field", equalTo("sort"));
    }

    @Test
    void badRequestsAreValidationErrorsNamingTheProblem() {
        given().queryParam("limit", 201).when().get("/v1/accounts").then().statusCode(400).body("error.details[0].field", equalTo("limit"));
        given().queryParam("limit", "many").when().get("/v1/accounts").then().statusCode(400);
        given().queryParam("fields", "Name,Nope").when().get("/v1/accounts").then().statusCode(400)
                .body("error.details[0].field", equalTo("Nope"));
        given().queryParam("filters", "[[\"AnnualRevenue\",\">\",\"lots\"]]").when().get("/v1/accounts").then().statusCode(400)
                .body("error.details[0].field", equalTo("filters[0]"));
        given().queryParam("filters", "[[\"Industry\"").when().get("/v1/accounts").then().statusCode(400)
                .body("error.details[0].field", equalTo("filters"));
        given().when().get("/v1/spaceships").then().statusCode(404);
        given().when().get("/v1/accounts/sum/Name").then().statusCode(400);
    }

    @ParameterizedTest
    @ValueSource(strings = { "[[\"Name'; DELETE FROM crm.account; --\",\"=\",1]]", "[[\"Name\",\"=\",\"x'); DELETE FROM crm.account; --\"]]",
            "[[\"Name\",\"=\",\"\\u0000\"]]", "[[\"AnnualRevenue\",\">\",1e99999999]]", "[[\"Name\",\"in\",[[[\"x\"]]]]]",
            "[[\"Name\",\"like\",\"%\\u263A%\"]]", "[[\"in\",\"in\",\"in\"]]", "{\"$or\": [{\"Name\": \"x\"}]}", "[[\"Name\",\"=\",{\"$gt\":1}]]" })
    void hostileFiltersNeverFailTheServerNorTouchData(String filters) {
        int status = given().queryParam("filters", filters).when().get("/v1/accounts").then().extract().statusCode();
        org.hamcrest.MatcherAssert.assertThat(status, lessThan(500));
        given().queryParam("sort", "Name;DROP TABLE crm.account").when().get("/v1/accounts").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("groupBy", "Name\"; DROP TABLE crm.account; --",
                "aggregations", Map.of("n", Map.of("function", "COUNT")))).when().post("/v1/accounts/groupby").then().statusCode(400);
        assertEquals(8L, sqlLong("SELECT count(*) FROM crm.account"));
    }

    private long sqlLong(String sql) {
        return pool.query(sql).execute().await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

}
