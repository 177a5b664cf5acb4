package com.hotcrm.records.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.platform.database.AdvisoryLocks;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.records.repository.OutboxRepository;
import com.hotcrm.records.support.Api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * GET /v1/changes over the real database and the running sequencer: every change after a cursor, across objects, in
 * commit order (a transaction that committed late is not skipped), tombstones for deletes, only what the caller may
 * read now, 410 for a cursor past the retention, and bad requests answered with what to fix.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class ChangeFeedTest {

    static final String ADMIN = "usr_testadmin";

    @Inject
    Pool pool;

    @Inject
    OutboxRepository outbox;

    @Inject
    ObjectMapper json;

    /** One change as the feed gave it. */
    record Seen(String cursor, String type, String object, String recordId, List<String> changedFields,
            Map<String, Object> record) {
    }

    static String head(RequestSpecification as, String objects) {
        return as.queryParam("object", objects).queryParam("since", "now").when().get("/v1/changes")
                .then().statusCode(200).body("changes.size()", equalTo(0)).body("hasMore", equalTo(false))
                .extract().path("nextCursor");
    }

    /**
     * Follows the feed from {@code since}, page after page, until {@code done} holds for the changes of {@code ids}
     * (10 s at most: the sequencer numbers new changes every 50 ms here); the changes of other records are left out.
     */
    static List<Seen> follow(java.util.function.Supplier<RequestSpecification> as, String objects, String since, int limit,
            Set<String> ids, Predicate<List<Seen>> done) throws InterruptedException {
        List<Seen> seen = new ArrayList<>();
        String cursor = since;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.test(seen)) {
            assertTrue(System.nanoTime() < deadline, "the feed did not show every change in 10 s; saw " + seen);
            JsonPath page = as.get().queryParam("object", objects).queryParam("since", cursor).queryParam("limit", limit)
                    .when().get("/v1/changes").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> changes = page.getList("changes");
            assertTrue(changes.size() <= limit, "a page holds at most its limit");
            for (Map<String, Object> change : changes) {
                if (ids.contains((String) change.get("recordId"))) {
                    @SuppressWarnings("unchecked")
                    Seen one = new Seen((String) change.get("cursor"), (String) change.get("type"),
                            (String) change.get("object"), (String) change.get("recordId"),
                            (List<String>) change.get("changedFields"), (Map<String, Object>) change.get("record"));
                    seen.add(one);
                }
            }
            cursor = page.getString("nextCursor");
            if (!page.getBoolean("hasMore")) {
                Thread.sleep(50);
            }
        }
        return seen;
    }

    static Predicate<List<Seen>> count(int n) {
        return seen -> seen.size() >= n;
    }

    @Test
    void everyChangeAfterACursorAcrossObjectsInCommitOrderWithTombstones() throws Exception {
        String objects = "Account,Contact,Opportunity";
        String since = head(given(), objects);
        String tag = "Feed" + System.nanoTime();
        String account = Api.account(tag + " Co");
        String contact = Api.create("contacts", Map.of("LastName", tag, "AccountId", account));
        String opportunity = Api.opportunity(tag + " Deal", account);
        given().contentType(ContentType.JSON).body(Map.of("Phone", "+1-555-0100")).when().patch("/v1/accounts/" + account)
                .then().statusCode(200);
        given().when().delete("/v1/opportunities/" + opportunity).then().statusCode(200);
        // a lead is written too, but not asked for
        String lead = Api.create("leads", Map.of("LastName", tag, "Company", tag, "Status", "New"));

        Set<String> ids = Set.of(account, contact, opportunity, lead);
        // pages of two: the cursor carries the reader over page boundaries without a gap or a repeat
        List<Seen> seen = follow(() -> given(), objects, since, 2, ids, count(5));
        assertEquals(List.of("create Account " + account, "create Contact " + contact,
                "create Opportunity " + opportunity, "update Account " + account, "delete Opportunity " + opportunity),
                seen.stream().map(c -> c.type() + " " + c.object() + " " + c.recordId()).toList());
        assertEquals(tag + " Co", seen.get(0).record().get("Name"));
        assertEquals(account, seen.get(1).record().get("AccountId"));
        assertEquals(List.of("Phone"), seen.get(3).changedFields().stream().filter(f -> !f.endsWith("Date")
                && !f.endsWith("ById")).toList());
        assertEquals("+1-555-0100", seen.get(3).record().get("Phone"));
        assertNull(seen.get(4).record(), "a deletion is a tombstone");

        // from the second change's cursor, the rest again, exactly (one big page this time)
        List<Seen> again = follow(() -> given(), objects, seen.get(1).cursor(), 100, ids, count(3));
        assertEquals(seen.subList(2, 5), again);

        // no since: from the oldest change kept, which includes these
        JsonPath oldest = given().queryParam("object", "Opportunity").queryParam("limit", 1000).when().get("/v1/changes")
                .then().statusCode(200).extract().jsonPath();
        assertFalse(oldest.getList("changes").isEmpty());
    }

    @Test
    void aTransactionThatCommitsLateIsNotSkipped() throws Exception {
        String tag = "Late" + System.nanoTime();
        String before = head(given(), "Account");
        String early = Api.account(tag + " Early");
        // from just after the early account's create (numbered a moment after its commit, so not the head taken now)
        String since = follow(() -> given(), "Account", before, 100, Set.of(early), count(1)).get(0).cursor();
        // a writer takes its outbox seq, then is slow to commit
        SqlConnection connection = pool.getConnection().await().atMost(Duration.ofSeconds(5));
        try {
            Transaction tx = connection.begin().await().atMost(Duration.ofSeconds(5));
            ChangeEvent slow = ChangeEvent.of("/hotcrm/records-service", ChangeEvent.Kind.UPDATED, "Account", early,
                    Map.of("Id", early, "Name", tag + " Early", "OwnerId", ADMIN), List.of("Name"),
                    ADMIN, Instant.now());
            outbox.append(connection, slow).await().atMost(Duration.ofSeconds(5));
            // meanwhile another write commits, is numbered, and a reader passes it
            String later = Api.account(tag + " Later");
            List<Seen> first = follow(() -> given(), "Account", since, 100, Set.of(early, later), count(1));
            assertEquals(List.of("create " + later), first.stream().map(c -> c.type() + " " + c.recordId()).toList());
            tx.commit().await().atMost(Duration.ofSeconds(5));
            // the late commit comes after what the reader had passed, not before it (where seq order would put it)
            List<Seen> next = follow(() -> given(), "Account", first.get(0).cursor(), 100, Set.of(early, later), count(1));
            assertEquals(List.of("update " + early), next.stream().map(c -> c.type() + " " + c.recordId()).toList());
        } finally {
            connection.close().await().atMost(Duration.ofSeconds(5));
        }
    }

    @Test
    void aCallerSeesOnlyTheRecordsAndFieldsTheyMayReadNow() throws Exception {
        long n = System.nanoTime();
        String ana = "usr_feeda" + n;
        String bob = "usr_feedb" + n;
        for (String user : List.of(ana, bob)) {
            pool.preparedQuery("INSERT INTO crm.\"user\" (id, name, email, role, is_active) VALUES ($1, $1, $2, 'sales_rep', true)")
                    .execute(Tuple.of(user, user + "@example.com")).await().atMost(Duration.ofSeconds(5));
        }
        String anaToken = TestTokens.user(ana, "sales_rep", "Standard");
        String bobToken = TestTokens.user(bob, "sales_rep", "Standard");
        String anaSince = head(given().auth().oauth2(anaToken), "Account");
        String bobSince = head(given().auth().oauth2(bobToken), "Account");

        given().contentType(ContentType.JSON).body(Map.of("fields", Map.of("AnnualRevenue", Map.of("sales_rep", "hidden"))))
                .when().put("/v1/metadata/permissions/Account").then().statusCode(200);
        try {
            String kept = given().auth().oauth2(anaToken).contentType(ContentType.JSON)
                    .body(Map.of("Name", "Ana kept " + n)).when().post("/v1/accounts").then().statusCode(201)
                    .extract().path("Id");
            String gone = given().auth().oauth2(anaToken).contentType(ContentType.JSON)
                    .body(Map.of("Name", "Ana gone " + n)).when().post("/v1/accounts").then().statusCode(201)
                    .extract().path("Id");
            given().contentType(ContentType.JSON).body(Map.of("AnnualRevenue", 5000000)).when().patch("/v1/accounts/" + kept)
                    .then().statusCode(200);
            given().auth().oauth2(anaToken).when().delete("/v1/accounts/" + gone).then().statusCode(200);
            String admins = Api.account("Admin's " + n);
            Set<String> ids = Set.of(kept, gone, admins);

            // Ana: her own records, tombstone included; the revenue change shows, without the field itself
            List<Seen> anas = follow(() -> given().auth().oauth2(anaToken), "Account", anaSince, 100, ids, count(4));
            assertEquals(List.of("create " + kept, "create " + gone, "update " + kept, "delete " + gone),
                    anas.stream().map(c -> c.type() + " " + c.recordId()).toList());
            anas.stream().filter(c -> c.record() != null).forEach(c -> assertFalse(c.record().containsKey("AnnualRevenue"),
                    "a hidden field is not in the record: " + c.record()));
            assertFalse(anas.get(2).changedFields().contains("AnnualRevenue"), "nor among the changed fields");
            // Bob: none of it (the feed is read to its head: nothing of Ana's or the admin's is there)
            String bobNext = given().auth().oauth2(bobToken).queryParam("object", "Account").queryParam("since", bobSince)
                    .queryParam("limit", 1000).when().get("/v1/changes").then().statusCode(200)
                    .body("changes.recordId", not(hasItem(kept))).body("changes.recordId", not(hasItem(gone)))
                    .body("changes.recordId", not(hasItem(admins)))
                    .extract().path("nextCursor");
            // once Ana's account is shared with him, its changes are his to read, past ones too; the deleted one stays hers
            given().contentType(ContentType.JSON).body(Map.of("recordId", kept, "userId", bob, "access", "read"))
                    .when().post("/v1/metadata/shares").then().statusCode(201);
            List<Seen> bobs = follow(() -> given().auth().oauth2(bobToken), "Account", bobSince, 100, ids, count(2));
            assertEquals(List.of("create " + kept, "update " + kept), bobs.stream().map(c -> c.type() + " " + c.recordId()).toList());
            assertTrue(bobNext != null);
        } finally {
            given().contentType(ContentType.JSON).body(Map.of("fields", Map.of("AnnualRevenue", Map.of("sales_rep", "visible"))))
                    .when().put("/v1/metadata/permissions/Account").then().statusCode(200);
        }
        // an object the role may not read at all is refused, not silently empty
        given().auth().oauth2(TestTokens.user("usr_feedagent" + n, "support_agent", "Standard"))
                .queryParam("object", "Account,Opportunity").when().get("/v1/changes")
                .then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));
        given().auth().oauth2("not-a-token").queryParam("object", "Account").when().get("/v1/changes").then().statusCode(401);
    }

    /** Ages a record's changes as if sent a month ago, and runs the outbox's pruning as the relay does. */
    void pruneAsIfAMonthOld(String recordId) {
        pool.preparedQuery("UPDATE crm.outbox SET sent_at = now() - interval '30 days' WHERE event_key LIKE $1")
                .execute(Tuple.of("%:" + recordId)).await().atMost(Duration.ofSeconds(5));
        outbox.store().pruneSentBefore(pool, OffsetDateTime.now().minusDays(8)).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aCursorAPrunedChangeFollowedIsGoneAndBadRequestsSayWhatToFix() throws Exception {
        String before = head(given(), "Account");
        String old = Api.account("Pruned " + System.nanoTime());
        List<Seen> seen = follow(() -> given(), "Account", before, 100, Set.of(old), count(1));
        String after = seen.get(0).cursor();
        pruneAsIfAMonthOld(old);

        // the change after `before` is gone: that cursor cannot be followed without a gap
        given().queryParam("object", "Account").queryParam("since", before).when().get("/v1/changes").then().statusCode(410)
                .body("error.code", equalTo("CURSOR_EXPIRED"))
                .body("error.message", org.hamcrest.Matchers.containsString("since=now"));
        // the cursor at the pruned change itself lost nothing after it, however old it is
        given().queryParam("object", "Account").queryParam("since", after).when().get("/v1/changes").then().statusCode(200);
        // and a reader from the oldest change kept starts after what was pruned, page after page
        String page = given().queryParam("object", "Account").queryParam("limit", 1).when().get("/v1/changes")
                .then().statusCode(200).body("changes.recordId", not(hasItem(old))).extract().path("nextCursor");
        given().queryParam("object", "Account").queryParam("since", page).queryParam("limit", 1).when().get("/v1/changes")
                .then().statusCode(200);

        given().queryParam("object", "Account").queryParam("since", "yesterday").when().get("/v1/changes")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details[0].field", equalTo("since"));
        given().when().get("/v1/changes").then().statusCode(400).body("error.details[0].field", equalTo("object"));
        given().queryParam("object", "Account,").when().get("/v1/changes").then().statusCode(400);
        given().queryParam("object", "Nothing").when().get("/v1/changes").then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        for (String limit : List.of("0", "1001", "ten", "-1")) {
            given().queryParam("object", "Account").queryParam("limit", limit).when().get("/v1/changes")
                    .then().statusCode(400).body("error.details[0].field", equalTo("limit"));
        }
    }

    long stored(ChangeEvent event) {
        return pool.preparedQuery("SELECT count(*) FROM crm.outbox WHERE event_id = $1::uuid").execute(Tuple.of(event.id()))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    @Test
    void sentChangesArePrunedOnlyOnceTheFeedHasNumberedThem() throws Exception {
        String id = "acc_prune" + System.nanoTime();
        ChangeEvent event = ChangeEvent.of("/hotcrm/records-service", ChangeEvent.Kind.CREATED, "Account", id,
                Map.of("Id", id), List.of("Id"), ADMIN, Instant.now());
        OffsetDateTime cutoff = OffsetDateTime.now().minusDays(8);
        // the sequencer held off (its lock taken here, as another replica would hold it): the change stays unnumbered
        SqlConnection holder = pool.getConnection().await().atMost(Duration.ofSeconds(5));
        try {
            holder.preparedQuery("SELECT pg_advisory_lock($1)").execute(Tuple.of(AdvisoryLocks.CHANGE_FEED_SEQUENCER.key()))
                    .await().atMost(Duration.ofSeconds(5));
            pool.withTransaction(tx -> outbox.append(tx, event)
                    .flatMap(v -> tx.preparedQuery("UPDATE crm.outbox SET sent_at = now() - interval '30 days' "
                            + "WHERE event_id = $1::uuid").execute(Tuple.of(event.id())))).await().atMost(Duration.ofSeconds(5));
            outbox.store().pruneSentBefore(pool, cutoff).await().atMost(Duration.ofSeconds(5));
            assertEquals(1, stored(event), "a change sent long ago but not yet in the feed is kept");
        } finally {
            holder.preparedQuery("SELECT pg_advisory_unlock_all()").execute().await().atMost(Duration.ofSeconds(5));
            holder.close().await().atMost(Duration.ofSeconds(5));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pool.preparedQuery("SELECT feed_pos FROM crm.outbox WHERE event_id = $1::uuid").execute(Tuple.of(event.id()))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0) == null) {
            assertTrue(System.nanoTime() < deadline, "the sequencer numbers it once its lock is free");
            Thread.sleep(50);
        }
        outbox.store().pruneSentBefore(pool, cutoff).await().atMost(Duration.ofSeconds(5));
        assertEquals(0, stored(event), "numbered and past the retention: pruned");
    }
}
