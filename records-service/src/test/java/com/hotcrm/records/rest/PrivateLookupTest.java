package com.hotcrm.records.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.platform.metadata.RecordIds;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Lookups obey record access both ways in records-service: a lookup may only be pointed at a record the writer
 * may read (a hidden one is refused with the very error a missing one gets), and get-by-id shows a parent only
 * to those who may read it. Ana and Bob are reps; each test has its own pair.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class PrivateLookupTest {

    @Inject
    Pool pool;

    String ana;
    String bob;
    String anaToken;
    String bobToken;

    @BeforeEach
    void users() {
        long n = System.nanoTime();
        ana = "usr_pla" + n;
        bob = "usr_plb" + n;
        pool.preparedQuery("INSERT INTO crm.\"user\" (id, name, email, role, is_active) VALUES ($1, $1, $2, 'sales_rep', true)")
                .executeBatch(List.of(Tuple.of(ana, ana + "@example.com"), Tuple.of(bob, bob + "@example.com")))
                .await().atMost(Duration.ofSeconds(5));
        anaToken = TestTokens.user(ana, "sales_rep", "Standard");
        bobToken = TestTokens.user(bob, "sales_rep", "Standard");
    }

    private static String create(String token, String path, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/v1/" + path)
                .then().statusCode(201).extract().path("Id");
    }

    /** The error of a response, with {@code id} written as ID: what is left must not depend on which id it was. */
    private static String errorWithout(Response response, String id) {
        return response.jsonPath().getMap("error").toString().replace(id, "ID");
    }

    /**
     * Sends the same request twice, once pointing at {@code hidden} and once at an id that does not exist: both
     * are a 400 VALIDATION_ERROR naming {@code field}, and equal but for the id.
     */
    private static void refusedLikeAMissingRecord(String field, String hidden, Function<String, Response> send) {
        String missing = RecordIds.next(RecordIds.prefixOf(hidden).orElseThrow());
        Response toHidden = send.apply(hidden);
        Response toMissing = send.apply(missing);
        assertEquals(400, toHidden.statusCode(), toHidden.asString());
        assertEquals(400, toMissing.statusCode(), toMissing.asString());
        assertEquals("VALIDATION_ERROR", toHidden.jsonPath().getString("error.code"));
        assertEquals(field, toHidden.jsonPath().getString("error.details[0].field"), toHidden.asString());
        assertEquals(errorWithout(toMissing, missing), errorWithout(toHidden, hidden));
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    @Test
    void aLookupToARecordTheWriterCannotReadIsRefusedExactlyLikeOneToNoRecord() {
        String anasAccount = create(anaToken, "accounts", body("Name", "Ana's secret", "AnnualRevenue", 5000));
        String anasContact = create(anaToken, "contacts", body("LastName", "Secretive", "AccountId", anasAccount));
        String anasLead = create(anaToken, "leads", body("LastName", "Hidden", "Company", "H", "Status", "New"));
        String anasDeal = create(anaToken, "opportunities", body("Name", "Ana's deal", "AccountId", anasAccount, "Stage", "Prospecting"));

        given().auth().oauth2(bobToken).when().get("/v1/accounts/" + anasAccount).then().statusCode(404);
        long before = count("contact");
        // single create, foreign-key lookups and polymorphic ones (each target)
        refusedLikeAMissingRecord("AccountId", anasAccount, id -> given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                .body(body("LastName", "Bob's", "AccountId", id)).post("/v1/contacts"));
        refusedLikeAMissingRecord("ContactId", anasContact, id -> given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                .body(body("Name", "Bob's", "Stage", "Prospecting", "ContactId", id)).post("/v1/opportunities"));
        refusedLikeAMissingRecord("WhatId", anasAccount, id -> given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                .body(body("Subject", "Call", "Type", "Call", "WhatId", id)).post("/v1/activities"));
        refusedLikeAMissingRecord("WhatId", anasDeal, id -> given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                .body(body("Subject", "Call", "Type", "Call", "WhatId", id)).post("/v1/activities"));
        refusedLikeAMissingRecord("WhoId", anasContact, id -> given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                .body(body("Subject", "Call", "Type", "Call", "WhoId", id)).post("/v1/activities"));
        refusedLikeAMissingRecord("WhoId", anasLead, id -> given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                .body(body("Subject", "Call", "Type", "Call", "WhoId", id)).post("/v1/activities"));
        assertEquals(before, count("contact"), "nothing refused was written");

        // update, replace, batch create and batch update
        String bobsContact = create(bobToken, "contacts", body("LastName", "Bob's own"));
        refusedLikeAMissingRecord("AccountId", anasAccount, id -> given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                .body(body("AccountId", id)).patch("/v1/contacts/" + bobsContact));
        refusedLikeAMissingRecord("AccountId", anasAccount, id -> given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                .body(body("LastName", "Bob's own", "AccountId", id)).put("/v1/contacts/" + bobsContact));
        for (String id : List.of(anasAccount, RecordIds.next("acc"))) {
            given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                    .body(Map.of("records", List.of(body("LastName", "Batch", "AccountId", id))))
                    .when().post("/v1/batch/contacts").then().statusCode(200)
                    .body("results[0].success", equalTo(false))
                    .body("results[0].error.code", equalTo("VALIDATION_ERROR"))
                    .body("results[0].error.message", equalTo("AccountId points at " + id + ", which does not exist"));
            given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                    .body(Map.of("updates", List.of(body("Id", bobsContact, "AccountId", id))))
                    .when().patch("/v1/batch/contacts").then().statusCode(200)
                    .body("results[0].success", equalTo(false))
                    .body("results[0].error.code", equalTo("VALIDATION_ERROR"))
                    .body("results[0].error.message", equalTo("AccountId points at " + id + ", which does not exist"));
        }
        given().auth().oauth2(bobToken).when().get("/v1/contacts/" + bobsContact).then().statusCode(200)
                .body("AccountId", nullValue());

        // once Ana shares it, or for whom reads every account, it is a parent like any other
        String bobsAccount = create(bobToken, "accounts", body("Name", "Bob's"));
        create(bobToken, "contacts", body("LastName", "On his own account", "AccountId", bobsAccount));
        given().auth().oauth2(anaToken).contentType(ContentType.JSON).body(Map.of("recordId", anasAccount, "userId", bob, "access", "read"))
                .when().post("/v1/metadata/shares").then().statusCode(201);
        create(bobToken, "contacts", body("LastName", "Shared parent", "AccountId", anasAccount));
        create(TestTokens.user("usr_plsm" + System.nanoTime(), "sales_manager", "Standard"), "contacts",
                body("LastName", "Manager's", "AccountId", bobsAccount));
    }

    @Test
    void getByIdShowsOnlyParentsTheCallerMayReadAndKeepsTheLookupId() {
        String anasTop = create(anaToken, "accounts", body("Name", "Ana's top", "AnnualRevenue", 5000));
        String bobsAccount = create(bobToken, "accounts", body("Name", "Bob's", "ParentId", null));
        // the admin links Bob's records to Ana's: Bob keeps seeing his own records, not hers through them
        given().contentType(ContentType.JSON).body(Map.of("ParentId", anasTop)).when().patch("/v1/accounts/" + bobsAccount)
                .then().statusCode(200);
        String contact = create(bobToken, "contacts", body("LastName", "Bob's contact", "AccountId", bobsAccount));

        Response response = given().auth().oauth2(bobToken)
                .queryParam("fields", "LastName,AccountId,Account.Name,Account.ParentId,Account.Parent.Name,Account.Parent.AnnualRevenue")
                .when().get("/v1/contacts/" + contact);
        response.then().statusCode(200)
                .body("Account.Name", equalTo("Bob's"))
                .body("Account.ParentId", equalTo(anasTop))
                .body("Account", hasKey("Parent"))
                .body("Account.Parent", nullValue());
        assertFalse(response.asString().contains("Ana's top") || response.asString().contains("5000"), response.asString());

        // an update of another field keeps a lookup the writer cannot read (it is not theirs to re-point, but it stays)
        given().auth().oauth2(bobToken).contentType(ContentType.JSON).body(Map.of("Phone", "+1-555-0100"))
                .when().patch("/v1/accounts/" + bobsAccount).then().statusCode(200).body("ParentId", equalTo(anasTop));
        given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                .body(Map.of("updates", List.of(Map.of("Id", bobsAccount, "Phone", "+1-555-0101"))))
                .when().patch("/v1/batch/accounts").then().statusCode(200).body("results[0].success", equalTo(true));

        // the admin reads every account: the parent is there
        given().queryParam("fields", "Account.Parent.Name").when().get("/v1/contacts/" + contact)
                .then().statusCode(200).body("Account.Parent.Name", equalTo("Ana's top"));
    }

    private long count(String table) {
        return pool.query("SELECT count(*) AS n FROM crm." + table).execute().await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong("n");
    }
}
