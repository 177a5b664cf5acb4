package com.hotcrm.records.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.records.support.Api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * POST /v1/composite on the real database: references resolve, allOrNone is one transaction (a failing third
 * operation leaves no record and no event in the outbox), and each operation keeps the access rules of its
 * single request.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class CompositeTest {

    @Inject
    Pool pool;

    long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
    }

    long accountsNamed(String name) {
        return count("SELECT count(*) FROM crm.account WHERE name = $1", name);
    }

    /** Events waiting or sent for records of this name (the payload holds the record). */
    long eventsNamed(String name) {
        return count("SELECT count(*) FROM crm.outbox WHERE payload::text LIKE $1", "%" + name + "%");
    }

    static String three(String tag, boolean allOrNone, String thirdAmount) {
        return """
                {"allOrNone": %s, "operations": [
                  {"referenceId": "acc", "method": "POST", "object": "Account", "body": {"Name": "%s Co"}},
                  {"referenceId": "con", "method": "POST", "object": "contacts",
                   "body": {"LastName": "%s Doe", "AccountId": "@{acc.Id}", "Description": "of @{acc.Name}"}},
                  {"referenceId": "opp", "method": "POST", "object": "Opportunity",
                   "body": {"Name": "%s Deal", "AccountId": "@{acc.Id}", "Stage": "Prospecting", "Amount": %s}}]}"""
                .formatted(allOrNone, tag, tag, tag, thirdAmount);
    }

    @Test
    void referencesResolveAndEveryResultIsAnswered() {
        String tag = "Cmp" + UUID.randomUUID().toString().substring(0, 8);
        Response response = given().contentType(ContentType.JSON).body(three(tag, true, "5000"))
                .when().post("/v1/composite");
        response.then().statusCode(200)
                .body("results.referenceId", org.hamcrest.Matchers.contains("acc", "con", "opp"))
                .body("results.status", org.hamcrest.Matchers.contains(201, 201, 201))
                .body("results[0].body.Id", startsWith("acc_"))
                .body("results[1].body.Description", equalTo("of " + tag + " Co"));
        String accountId = response.path("results[0].body.Id");
        assertEquals(accountId, response.path("results[1].body.AccountId"));
        assertEquals(accountId, response.path("results[2].body.AccountId"));
        assertEquals(1, accountsNamed(tag + " Co"));
        // each write has its event, as it would alone
        assertEquals(3, eventsNamed(tag));

        // and the records read, change and go like any others, in one request again
        given().contentType(ContentType.JSON).body("""
                {"operations": [
                  {"referenceId": "read", "method": "GET", "object": "Account", "id": "%s"},
                  {"referenceId": "rename", "method": "PATCH", "object": "Account", "id": "@{read.Id}",
                   "body": {"Name": "@{read.Name} Renamed"}},
                  {"referenceId": "gone", "method": "DELETE", "object": "Opportunity", "id": "%s"}]}"""
                .formatted(accountId, (String) response.path("results[2].body.Id")))
                .when().post("/v1/composite")
                .then().statusCode(200)
                .body("results.status", org.hamcrest.Matchers.contains(200, 200, 204))
                .body("results[1].body.Name", equalTo(tag + " Co Renamed"))
                .body("results[2].body", nullValue());
    }

    @Test
    void allOrNoneWritesNothingAndSendsNoEventWhenTheThirdFails() {
        String tag = "Cmp" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(three(tag, true, "-5"))
                .when().post("/v1/composite")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", containsString("Operation opp (operations[2], POST Opportunity) failed, so nothing was written"))
                .body("error.details[0].field", equalTo("operations[2].Amount"));
        assertEquals(0, accountsNamed(tag + " Co"));
        assertEquals(0, count("SELECT count(*) FROM crm.contact WHERE last_name = $1", tag + " Doe"));
        assertEquals(0, eventsNamed(tag));
    }

    @Test
    void withoutAllOrNoneEachStandsAlone() {
        String tag = "Cmp" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(three(tag, false, "-5"))
                .when().post("/v1/composite")
                .then().statusCode(200)
                .body("results.status", org.hamcrest.Matchers.contains(201, 201, 400))
                .body("results[2].body.error.code", equalTo("VALIDATION_ERROR"));
        assertEquals(1, accountsNamed(tag + " Co"));
        assertEquals(2, eventsNamed(tag));
    }

    @Test
    void eachOperationKeepsItsAccessRules() {
        String tag = "Cmp" + UUID.randomUUID().toString().substring(0, 8);
        String theirs = Api.account(tag + " Private");
        String rep = TestTokens.user("usr_cmprep" + System.nanoTime(), "sales_rep", "Standard");
        // the rep's own create first, then a change to the admin's account: refused as alone, and the create undone
        given().auth().oauth2(rep).contentType(ContentType.JSON).body("""
                {"operations": [
                  {"referenceId": "mine", "method": "POST", "object": "Account", "body": {"Name": "%s Mine"}},
                  {"referenceId": "theirs", "method": "PATCH", "object": "Account", "id": "%s", "body": {"Name": "taken"}}]}"""
                .formatted(tag, theirs))
                .when().post("/v1/composite")
                .then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        assertEquals(0, accountsNamed(tag + " Mine"));
        assertEquals(1, accountsNamed(tag + " Private"));
    }

    @Test
    void badRequestsSayWhatToFix() {
        given().contentType(ContentType.JSON).body("""
                {"operations": [{"referenceId": "a", "method": "POST", "object": "Account", "body": {"Name": "x"}},
                                {"referenceId": "a", "method": "POST", "object": "Account", "body": {"Name": "y"}}]}""")
                .when().post("/v1/composite")
                .then().statusCode(400).body("error.details[0].field", equalTo("operations[1].referenceId"));
        given().contentType(ContentType.JSON).body("""
                {"operations": [{"referenceId": "b", "method": "PATCH", "object": "Account", "id": "@{nope.Id}",
                                 "body": {"Name": "x"}}]}""")
                .when().post("/v1/composite")
                .then().statusCode(400).body("error.message", containsString("refers to nope, which is no earlier operation"));
        given().contentType(ContentType.JSON).body("{\"operations\": [], \"allOrNone\": true}")
                .when().post("/v1/composite")
                .then().statusCode(400).body("error.details[0].field", equalTo("operations"));
        given().contentType(ContentType.JSON).body("""
                {"operations": [{"referenceId": "c", "method": "MERGE", "object": "Account"}], "extra": 1}""")
                .when().post("/v1/composite")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
    }
}
