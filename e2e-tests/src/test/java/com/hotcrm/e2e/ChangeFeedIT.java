package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.hotcrm.devstack.suite.Service;
import com.hotcrm.sdk.model.Change;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * GET /v1/changes through the gateway: the writes after a cursor, across objects and with tombstones, replayed exactly
 * as the test made them (and again, with the same cursors, after records-service was killed and restarted); each
 * caller sees only the records they may read; a cursor past the retention answers 410.
 */
@ExtendWith(RunningSuite.class)
class ChangeFeedIT {

    static final String OBJECTS = "Account,Contact,Opportunity";

    static String head(String token) {
        return given().auth().oauth2(token).queryParam("object", OBJECTS).queryParam("since", "now")
                .when().get("/v1/changes").then().statusCode(200).body("changes.size()", equalTo(0))
                .extract().path("nextCursor");
    }

    /** What the feed says of these records after {@code since}, read to its head ("type Object id", in order). */
    static List<String> changes(String token, String since, Set<String> ids) {
        List<String> seen = new ArrayList<>();
        String cursor = since;
        boolean more = true;
        while (more) {
            JsonPath page = given().auth().oauth2(token).queryParam("object", OBJECTS).queryParam("since", cursor)
                    .queryParam("limit", 3).when().get("/v1/changes").then().statusCode(200).extract().jsonPath();
            for (Map<String, Object> change : page.<Map<String, Object>>getList("changes")) {
                if (ids.contains((String) change.get("recordId"))) {
                    seen.add(change.get("type") + " " + change.get("object") + " " + change.get("recordId")
                            + (change.get("record") == null ? " (tombstone)" : ""));
                }
            }
            cursor = page.getString("nextCursor");
            more = page.getBoolean("hasMore");
        }
        return seen;
    }

    /** Waits (up to 10 s: the feed trails commits by its sequencer's interval) until the feed shows {@code n} changes. */
    static List<String> atLeast(int n, String token, String since, Set<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> seen = changes(token, since, ids);
        while (seen.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
            seen = changes(token, since, ids);
        }
        return seen;
    }

    static String create(String token, String path, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/v1/" + path)
                .then().statusCode(201).extract().path("Id");
    }

    @Test
    void theWritesAfterACursorReplayedExactlyAcrossARestartAndOnlyToWhoMayReadThem() throws Exception {
        String admin = RunningSuite.adminToken();
        PrivateParentIT.User ana = PrivateParentIT.user("sales_rep");
        PrivateParentIT.User bob = PrivateParentIT.user("sales_rep");
        String tag = "Feed" + UUID.randomUUID().toString().substring(0, 8);
        String adminSince = head(admin);
        String anaSince = head(ana.token());
        String bobSince = head(bob.token());

        String account = create(admin, "accounts", Map.of("Name", tag + " Co"));
        String contact = create(admin, "contacts", Map.of("LastName", tag, "AccountId", account));
        String deal = create(admin, "opportunities", Map.of("Name", tag + " Deal", "AccountId", account,
                "Stage", "Prospecting", "CloseDate", "2027-03-31"));
        given().contentType(ContentType.JSON).body(Map.of("Phone", "+1-555-0142")).when().patch("/v1/accounts/" + account)
                .then().statusCode(200);
        given().when().delete("/v1/opportunities/" + deal).then().statusCode(200);
        String anas = create(ana.token(), "accounts", Map.of("Name", tag + " Ana's"));
        Set<String> ids = Set.of(account, contact, deal, anas);

        // what the test did, in the order it did it: the feed must say exactly that
        List<String> written = List.of("create Account " + account, "create Contact " + contact,
                "create Opportunity " + deal, "update Account " + account, "delete Opportunity " + deal + " (tombstone)",
                "create Account " + anas);
        assertEquals(written, atLeast(written.size(), admin, adminSince, ids));

        // each rep: only their own (the admin's records are private to them)
        assertEquals(List.of("create Account " + anas), atLeast(1, ana.token(), anaSince, ids));
        assertEquals(List.of(), changes(bob.token(), bobSince, ids));

        // records-service killed and started again: the same cursor gives the same changes, and new ones follow
        RunningSuite.suite().kill(Service.RECORDS);
        RunningSuite.suite().restart(Service.RECORDS);
        PrivateParentIT.until(Duration.ofSeconds(30), "the feed answers through the gateway again", () -> given()
                .queryParam("object", OBJECTS).queryParam("since", "now").when().get("/v1/changes").statusCode() == 200);
        assertEquals(written, changes(admin, adminSince, ids));
        given().contentType(ContentType.JSON).body(Map.of("Title", "CFO")).when().patch("/v1/contacts/" + contact)
                .then().statusCode(200);
        List<String> after = new ArrayList<>(written);
        after.add("update Contact " + contact);
        assertEquals(after, atLeast(after.size(), admin, adminSince, ids));

        // the Java SDK's iterator reads the same feed
        List<Change> viaSdk = new ArrayList<>();
        RunningSuite.client(r -> { }).changes().since(adminSince, OBJECTS.split(",")).forEach(c -> {
            if (ids.contains(c.recordId())) {
                viaSdk.add(c);
            }
        });
        assertEquals(after, viaSdk.stream().map(c -> c.type() + " " + c.object() + " " + c.recordId()
                + (c.record() == null ? " (tombstone)" : "")).toList());
        assertEquals(tag + " Co", viaSdk.get(0).record().get("Name"));
    }

    @Test
    void aCursorThatAPrunedChangeFollowedAnswers410() throws Exception {
        String before = head(RunningSuite.adminToken());
        String account = create(RunningSuite.adminToken(), "accounts", Map.of("Name", "Feed pruned " + UUID.randomUUID()));
        assertEquals(1, atLeast(1, RunningSuite.adminToken(), before, Set.of(account)).size());
        // time passes: the account's event is as if sent a month ago (past the 7 days kept); records-service's
        // relay prunes it on its next round (every 2 s in this suite, hourly by default)
        var suite = RunningSuite.suite();
        try (Connection db = suite.postgres().server().connect(suite.database());
                PreparedStatement age = db.prepareStatement(
                        "UPDATE crm.outbox SET sent_at = now() - interval '30 days' WHERE event_key = ? AND sent_at IS NOT NULL")) {
            age.setString(1, "Account:" + account);
            PrivateParentIT.until(Duration.ofSeconds(30), "the account's event is sent", () -> {
                try {
                    return age.executeUpdate() == 1;
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        PrivateParentIT.until(Duration.ofSeconds(30), "the cursor before the pruned change answers 410", () -> given()
                .queryParam("object", "Account").queryParam("since", before).when().get("/v1/changes").statusCode() == 410);
        given().queryParam("object", "Account").queryParam("since", before).when().get("/v1/changes")
                .then().statusCode(410).body("error.code", equalTo("CURSOR_EXPIRED"));
        // following from now on works again
        given().queryParam("object", "Account").queryParam("since", head(RunningSuite.adminToken())).when().get("/v1/changes")
                .then().statusCode(200);
        given().queryParam("object", "Account").queryParam("since", "not-a-cursor").when().get("/v1/changes")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
        assertTrue(given().auth().none().queryParam("object", "Account").when().get("/v1/changes").statusCode() == 401);
    }
}
