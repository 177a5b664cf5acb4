package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * POST /v1/composite through the gateway: references resolve across objects, and a composite whose third operation
 * fails leaves no record and no event (the outbox, which feeds hotcrm.record-changes, holds nothing of it).
 */
@ExtendWith(RunningSuite.class)
class CompositeIT {

    static long count(String sql, String like) throws Exception {
        var suite = RunningSuite.suite();
        try (Connection db = suite.postgres().server().connect(suite.database());
                PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, like);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static String body(String tag, String amount) {
        return """
                {"operations": [
                  {"referenceId": "acc", "method": "POST", "object": "Account", "body": {"Name": "%s Co"}},
                  {"referenceId": "con", "method": "POST", "object": "Contact", "body": {"LastName": "%s", "AccountId": "@{acc.Id}"}},
                  {"referenceId": "opp", "method": "POST", "object": "Opportunity",
                   "body": {"Name": "%s Deal", "AccountId": "@{acc.Id}", "Stage": "Prospecting", "Amount": %s}}]}"""
                .formatted(tag, tag, tag, amount);
    }

    @Test
    void referencesResolveAcrossObjects() throws Exception {
        String tag = "Comp" + UUID.randomUUID().toString().substring(0, 8);
        Response done = given().contentType(ContentType.JSON).body(body(tag, "1000")).when().post("/v1/composite");
        done.then().statusCode(200).body("results.status", contains(201, 201, 201));
        String accountId = done.path("results[0].body.Id");
        given().when().get("/v1/contacts/" + done.path("results[1].body.Id")).then().statusCode(200)
                .body("AccountId", equalTo(accountId));
        given().when().get("/v1/opportunities/" + done.path("results[2].body.Id")).then().statusCode(200)
                .body("AccountId", equalTo(accountId));
        assertEquals(3, count("SELECT count(*) FROM crm.outbox WHERE payload::text LIKE ?", "%" + tag + "%"));
    }

    @Test
    void aFailingThirdOperationLeavesNoRecordAndNoEvent() throws Exception {
        String tag = "Comp" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(body(tag, "-1")).when().post("/v1/composite")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", containsString("Operation opp (operations[2], POST Opportunity) failed"))
                .body("error.details[0].field", equalTo("operations[2].Amount"));
        assertEquals(0, count("SELECT count(*) FROM crm.account WHERE name LIKE ?", tag + "%"));
        assertEquals(0, count("SELECT count(*) FROM crm.contact WHERE last_name LIKE ?", tag + "%"));
        assertEquals(0, count("SELECT count(*) FROM crm.outbox WHERE payload::text LIKE ?", "%" + tag + "%"));
        given().queryParam("filters", "[[\"Name\",\"like\",\"" + tag + "%\"]]").when().get("/v1/accounts")
                .then().statusCode(200).body("records.size()", equalTo(0));
    }
}
