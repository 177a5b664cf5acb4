package com.hotcrm.query.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.query.CrmFixture;
import com.hotcrm.query.StatementLog;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class RelatedQueryTest {

    private static final String OPPORTUNITIES_WITH_ACCOUNT_AND_ITS_CONTACTS = """
            {"object": "Opportunity", "fields": ["Name", "Amount"], "sort": "Id", "limit": %d,
             "related": {"Account": {"fields": ["Name", "Industry"],
                                     "related": {"Contacts": {"fields": ["LastName"], "sort": "LastName"}}}}}""";

    @Inject
    MetadataRepository metadata;

    @Inject
    StatementLog statements;

    @BeforeEach
    void data() {
        CrmFixture.ensure(metadata);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/v1/opportunities").then().statusCode(200));
    }

    @Test
    void aParentLookupComesNestedAsAnObjectAndGoesOnToThatParentsChildren() {
        JsonPath body = given().contentType(ContentType.JSON).body(OPPORTUNITIES_WITH_ACCOUNT_AND_ITS_CONTACTS.formatted(50))
                .when().post("/v1/query")
                .then().statusCode(200).extract().jsonPath();
        List<Object[]> opportunities = Arrays.stream(CrmFixture.OPPORTUNITIES).sorted(Comparator.comparing(o -> (String) o[0])).toList();
        assertEquals(opportunities.stream().map(o -> o[0]).toList(), body.getList("records.Id"));
        for (int i = 0; i < opportunities.size(); i++) {
            String accountId = (String) opportunities.get(i)[1];
            String at = "records[" + i + "].Account";
            if (accountId == null) {
                assertNull(body.get(at), "an empty lookup is null");
                continue;
            }
            Object[] account = Arrays.stream(CrmFixture.ACCOUNTS).filter(a -> a[0].equals(accountId)).findFirst().orElseThrow();
            assertEquals(List.of("Id", "Name", "Industry", "Contacts"), new ArrayList<>(body.getMap(at).keySet()));
            assertEquals(account[0], body.get(at + ".Id"));
            assertEquals(account[1], body.get(at + ".Name"));
            assertEquals(account[2], body.get(at + ".Industry"));
            List<Object> contacts = Arrays.stream(CrmFixture.CONTACTS).filter(c -> accountId.equals(c[1])).map(c -> c[2])
                    .sorted(Comparator.comparing(Object::toString)).toList();
            assertEquals(contacts, body.getList(at + ".Contacts.LastName"), "contacts of " + accountId);
        }
    }

    @Test
    void eachRelationshipIsOneStatementForTheWholePageWhateverItsSize() {
        for (int limit : new int[] { 1, 3, 8 }) {
            statements.clear();
            given().contentType(ContentType.JSON).body(OPPORTUNITIES_WITH_ACCOUNT_AND_ITS_CONTACTS.formatted(limit))
                    .when().post("/v1/query").then().statusCode(200);
            // the page, the accounts, their contacts (besides what counting the matches takes: ListCountingTest)
            List<String> reads = statements.onObjectTables().stream()
                    .filter(sql -> !sql.startsWith("EXPLAIN") && !sql.startsWith("SELECT count(")).toList();
            assertEquals(3, reads.size(), () -> "statements for a page of " + limit + ": " + statements.onObjectTables());
        }
    }

    @Test
    void childRelationshipsGoOnToTheirChildrensParents() {
        given().contentType(ContentType.JSON).body("""
                {"object": "Account", "fields": ["Name"], "filters": [["Id", "=", "acc_T02"]],
                 "related": {"Opportunities": {"fields": ["Name"], "sort": "Id",
                                               "related": {"Contact": {"fields": ["LastName"]}, "Account": {"fields": ["Name"]}}}}}""")
                .when().post("/v1/query")
                .then().statusCode(200)
                .body("records[0].Opportunities.Id", equalTo(List.of("opp_T03", "opp_T04")))
                .body("records[0].Opportunities[0].Contact.LastName", equalTo(contactName("con_T01")))
                .body("records[0].Opportunities[0].Account.Name", equalTo("Globex Corp"))
                .body("records[0].Opportunities[1].Contact", nullValue());
    }

    @Test
    void parentsAndDotNotationNestTheSameWay() {
        Map<String, Object> dotted = given().queryParam("fields", "Name,Account.Name").queryParam("filters", "[[\"Id\",\"=\",\"opp_T06\"]]")
                .when().get("/v1/opportunities").then().statusCode(200).extract().path("records[0]");
        Map<String, Object> related = given().contentType(ContentType.JSON).body("""
                {"object": "Opportunity", "fields": ["Name"], "filters": [["Id", "=", "opp_T06"]],
                 "related": {"Account": {"fields": ["Name"]}}}""")
                .when().post("/v1/query").then().statusCode(200).extract().path("records[0]");
        assertEquals(dotted, related);
    }

    @Test
    void relatedThatCannotBeAnsweredSaysWhatToFix() {
        expect400("{\"Account\": {\"filters\": [[\"Name\", \"=\", \"x\"]]}}", "related.Account.filters", "takes fields and related");
        expect400("{\"Account\": {\"limit\": 5}}", "related.Account.limit", "one record");
        expect400("{\"Account\": []}", "related.Account", "as an object");
        expect400("{\"Account\": {\"related\": {\"Spaceships\": {}}}}", "related.Account.related.Spaceships", "Contacts");
        expect400("{\"Acount\": {}}", "related.Acount", "its parents are [Account, Contact]");
        expect400("{\"Account\": {\"fields\": [\"Name\", 7]}}", "related.Account.fields", "must be field names");
        expect400("{\"LineItems\": {\"colour\": \"red\"}}", "related.LineItems.colour", "takes fields, filters, sort, limit and related");
        expect400("{\"Account\": {\"related\": {\"Opportunities\": {\"related\": {\"Account\": {\"related\": {\"Contacts\": {}}}}}}}}",
                "related.Account.related.Opportunities.related.Account.related", "at most 3 levels");
        given().contentType(ContentType.JSON).body("""
                {"object": "Opportunity", "fields": ["Name", "Account.Name"], "related": {"Account": {"fields": ["Industry"]}}}""")
                .when().post("/v1/query")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details[0].field", equalTo("related.Account"))
                .body("error.message", containsString("in one place"));
    }

    @Test
    void relatedOnAnEmptyPageIsAnEmptyPage() {
        given().contentType(ContentType.JSON).body("""
                {"object": "Opportunity", "filters": [["Name", "=", "no such deal"]], "related": {"Account": {"related": {"Contacts": {}}}}}""")
                .when().post("/v1/query")
                .then().statusCode(200)
                .body("records", equalTo(List.of()))
                .body("totalCount", equalTo(0));
        given().contentType(ContentType.JSON).body("""
                {"object": "Account", "filters": [["Id", "in", ["acc_T02", "acc_T04"]]], "related": {"Contacts": {}, "Parent": {}}}""")
                .when().post("/v1/query")
                .then().statusCode(200)
                .body("records.Parent", equalTo(Arrays.asList(null, null)))
                .body("records[0].Contacts.Id", containsInAnyOrder("con_T01", "con_T02"));
    }

    private static String contactName(String id) {
        return Arrays.stream(CrmFixture.CONTACTS).filter(c -> Objects.equals(c[0], id)).map(c -> (String) c[2]).findFirst().orElseThrow();
    }

    private static void expect400(String related, String field, String hint) {
        given().contentType(ContentType.JSON).body("{\"object\": \"Opportunity\", \"related\": " + related + "}")
                .when().post("/v1/query")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details[0].field", equalTo(field))
                .body("error.message", containsString(hint));
    }
}
