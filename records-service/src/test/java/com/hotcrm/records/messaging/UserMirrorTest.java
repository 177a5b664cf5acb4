package com.hotcrm.records.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.records.support.UserEvents;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class UserMirrorTest {

    static final String DEAD_LETTERS = "/v1/admin/dead-letters/records";

    @Inject
    Pool pool;

    Row userRow(String id) {
        var rows = pool.preparedQuery("SELECT * FROM crm.\"user\" WHERE id = $1").execute(Tuple.of(id))
                .await().atMost(Duration.ofSeconds(5));
        return rows.size() == 1 ? rows.iterator().next() : null;
    }

    Row deadLetter(String eventId) {
        var rows = pool.preparedQuery("SELECT * FROM crm.dead_letter WHERE event_id = $1").execute(Tuple.of(eventId))
                .await().atMost(Duration.ofSeconds(5));
        return rows.size() == 1 ? rows.iterator().next() : null;
    }

    static <T> T await(String what, Supplier<T> found) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            T value = found.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " never happened");
    }

    Row awaitUser(String id, String expectedName) throws InterruptedException {
        return await("user " + id + " named " + expectedName + " mirrored", () -> {
            Row row = userRow(id);
            return row != null && expectedName.equals(row.getString("name")) ? row : null;
        });
    }

    static double metric(String name) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(line -> line.startsWith(name + "{") && line.contains("consumer=\"user-mirror\""))
                // the value follows the labels; an exemplar (# {trace_id=...} value timestamp) may follow it
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf("} ") + 2).split(" ")[0]))
                .sum();
    }

    static String id(String prefix) {
        return prefix + System.nanoTime();
    }

    @Test
    void usersFromAuthBecomeTheReadOnlyUserObjectWithTheirManagers() throws Exception {
        String manager = id("usr_mgr");
        String rep = id("usr_rep");
        UserEvents.publish(UserEvents.event(ChangeEvent.Kind.CREATED, UserEvents.user(manager, "Maya Manager", null, true)));
        UserEvents.publish(UserEvents.event(ChangeEvent.Kind.CREATED, UserEvents.user(rep, "Remy Rep", manager, true)));
        Row row = awaitUser(rep, "Remy Rep");
        assertEquals(manager, row.getString("manager_id"));
        assertEquals(rep + "@example.com", row.getString("email"));

        UserEvents.publish(UserEvents.event(ChangeEvent.Kind.UPDATED, UserEvents.user(rep, "Remy Renamed", manager, false)));
        assertEquals(false, awaitUser(rep, "Remy Renamed").getBoolean("is_active"));
    }

    @Test
    void aPoisonUserChangeGoesToTheDeadLettersAndLaterChangesFlow() throws Exception {
        double parkedBefore = metric("hotcrm_consumer_dead_lettered_total");
        // a manager auth-service never announced: the mirror's foreign key refuses the row, every time
        String orphan = id("usr_orphan");
        ChangeEvent poison = UserEvents.event(ChangeEvent.Kind.CREATED,
                UserEvents.user(orphan, "Olga Orphan", id("usr_ghost"), true));
        String poisonJson = UserEvents.publish(poison);
        String later = id("usr_later");
        UserEvents.publish(UserEvents.event(ChangeEvent.Kind.CREATED, UserEvents.user(later, "Lena Later", null, true)));

        awaitUser(later, "Lena Later");
        Row parked = await("the poison event parked", () -> deadLetter(poison.id()));
        assertEquals("user-mirror", parked.getString("consumer"));
        assertEquals(ChangeEvent.USER_TOPIC, parked.getString("topic"));
        assertEquals("User", parked.getString("event_key"));
        assertEquals(poisonJson, parked.getString("payload"));
        assertEquals(5, parked.getInteger("attempts"), "hotcrm.consumers.max-attempts tries, then parked");
        assertTrue(parked.getString("error").contains("foreign key"), parked.getString("error"));
        assertNull(parked.getOffsetDateTime("replayed_at"));
        assertNull(userRow(orphan), "nothing of the poison event was written");
        assertEquals(parkedBefore + 1, metric("hotcrm_consumer_dead_lettered_total"));
    }

    @Test
    void aMessageThatIsNotAChangeEventIsParkedAtOnceAndLaterChangesFlow() throws Exception {
        String garbage = "{\"id\":\"" + id("garbage") + "\", not json";
        UserEvents.publishRaw(garbage);
        String later = id("usr_after_garbage");
        UserEvents.publish(UserEvents.event(ChangeEvent.Kind.CREATED, UserEvents.user(later, "Gus After", null, true)));

        awaitUser(later, "Gus After");
        Row parked = await("the garbage parked", () -> {
            var rows = pool.preparedQuery("SELECT * FROM crm.dead_letter WHERE payload = $1").execute(Tuple.of(garbage))
                    .await().atMost(Duration.ofSeconds(5));
            return rows.size() == 1 ? rows.iterator().next() : null;
        });
        assertEquals(1, parked.getInteger("attempts"), "reading the same bytes again cannot succeed");
        assertNull(parked.getString("event_id"));
        assertTrue(parked.getString("error").contains("not a change event"), parked.getString("error"));
    }

    /** PostgreSQL text cannot hold NUL: a message with one in its key or body is parked all the same. */
    @Test
    void aMessageWithNulCharactersIsParkedAndLaterChangesFlow() throws Exception {
        String marker = id("nul");
        UserEvents.publishRaw("User\u0000" + marker, "{\"id\":\"" + marker + "\u0000\", not json");
        String later = id("usr_after_nul");
        UserEvents.publish(UserEvents.event(ChangeEvent.Kind.CREATED, UserEvents.user(later, "Nul After", null, true)));

        awaitUser(later, "Nul After");
        Row parked = await("the message parked", () -> {
            var rows = pool.preparedQuery("SELECT * FROM crm.dead_letter WHERE event_key = $1")
                    .execute(Tuple.of("User\uFFFD" + marker)).await().atMost(Duration.ofSeconds(5));
            return rows.size() == 1 ? rows.iterator().next() : null;
        });
        assertEquals("{\"id\":\"" + marker + "\uFFFD\", not json", parked.getString("payload"),
                "kept as it came, NUL shown as U+FFFD");
    }

    @Test
    void aChangeWaitingOnALockedRowIsRetriedUntilAppliedNotParked() throws Exception {
        String user = id("usr_locked");
        UserEvents.publish(UserEvents.event(ChangeEvent.Kind.CREATED, UserEvents.user(user, "Lou Locked", null, true)));
        awaitUser(user, "Lou Locked");
        double retriedBefore = metric("hotcrm_consumer_retried_total");

        SqlConnection holder = pool.getConnection().await().atMost(Duration.ofSeconds(5));
        ChangeEvent renamed;
        try {
            holder.query("BEGIN").execute().await().atMost(Duration.ofSeconds(5));
            holder.preparedQuery("SELECT 1 FROM crm.\"user\" WHERE id = $1 FOR UPDATE").execute(Tuple.of(user))
                    .await().atMost(Duration.ofSeconds(5));
            renamed = UserEvents.event(ChangeEvent.Kind.UPDATED, UserEvents.user(user, "Lou Unlocked", null, true));
            UserEvents.publish(renamed);
            // the mirror's session gives up on the lock after lock_timeout (10 s): a transient failure, retried
            await("a retry of the locked change", () -> metric("hotcrm_consumer_retried_total") > retriedBefore ? true : null);
            assertEquals("Lou Locked", userRow(user).getString("name"));
        } finally {
            holder.query("ROLLBACK").execute().await().atMost(Duration.ofSeconds(5));
            holder.close().await().atMost(Duration.ofSeconds(5));
        }
        awaitUser(user, "Lou Unlocked");
        assertNull(deadLetter(renamed.id()), "a transient failure is never parked");
    }

    @Test
    void anAdminListsAndReplaysADeadLetterOnceItsCauseIsFixed() throws Exception {
        String manager = id("usr_late_mgr");
        String report = id("usr_report");
        ChangeEvent early = UserEvents.event(ChangeEvent.Kind.CREATED, UserEvents.user(report, "Rita Report", manager, true));
        UserEvents.publish(early);
        Row parked = await("the early report parked", () -> deadLetter(early.id()));
        long letter = parked.getLong("id");

        String rep = TestTokens.user("usr_rep_dl", "sales_rep", "Standard");
        given().auth().oauth2(rep).when().get(DEAD_LETTERS)
                .then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));
        given().auth().oauth2(rep).when().post(DEAD_LETTERS + "/" + letter + "/replay")
                .then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));
        given().when().get(DEAD_LETTERS)
                .then().statusCode(200)
                .body("deadLetters.eventId", hasItem(early.id()))
                .body("deadLetters.find { it.eventId == '" + early.id() + "' }.consumer", equalTo("user-mirror"))
                .body("deadLetters.find { it.eventId == '" + early.id() + "' }.attempts", equalTo(5));

        // still failing: the admin is told why, and it stays parked
        given().when().post(DEAD_LETTERS + "/" + letter + "/replay")
                .then().statusCode(409)
                .body("error.message", containsString("foreign key"));
        given().when().get(DEAD_LETTERS).then().statusCode(200).body("deadLetters.eventId", hasItem(early.id()));

        // the manager arrives; now the replay writes the report
        UserEvents.publish(UserEvents.event(ChangeEvent.Kind.CREATED, UserEvents.user(manager, "Max Manager", null, true)));
        awaitUser(manager, "Max Manager");
        given().when().post(DEAD_LETTERS + "/" + letter + "/replay")
                .then().statusCode(200)
                .body("replayed", equalTo(true))
                .body("eventId", equalTo(early.id()));
        assertEquals(manager, userRow(report).getString("manager_id"));
        assertNotNull(deadLetter(early.id()).getOffsetDateTime("replayed_at"));
        given().when().get(DEAD_LETTERS).then().statusCode(200).body("deadLetters.eventId", not(hasItem(early.id())));
        given().when().post(DEAD_LETTERS + "/" + letter + "/replay")
                .then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        given().when().post(DEAD_LETTERS + "/not-a-number/replay")
                .then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
    }

    @Test
    void healthShowsTheMirrorsLagWithoutMakingTheServiceUnready() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'change-event consumers lag (seconds)' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'change-event consumers lag (seconds)' }.data.'user-mirror'",
                        org.hamcrest.Matchers.notNullValue());
    }
}
