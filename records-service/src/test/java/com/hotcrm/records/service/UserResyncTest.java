package com.hotcrm.records.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.records.support.FakeAuthService;
import com.hotcrm.records.support.UserEvents;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The User mirror repairs itself from auth-service's own list, whatever happened to a change event. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class UserResyncTest {

    @Inject
    Pool pool;

    @Inject
    UserResync resync;

    Row userRow(String id) {
        var rows = pool.preparedQuery("SELECT * FROM crm.\"user\" WHERE id = $1").execute(Tuple.of(id))
                .await().atMost(Duration.ofSeconds(5));
        return rows.size() == 1 ? rows.iterator().next() : null;
    }

    @Test
    void aResyncRefusedAtStartIsTriedAgainWithinSecondsNotAfterTheInterval() throws InterruptedException {
        // the interval is 1 h in tests; 2 s then 4 s after the refusals, the third ask is answered
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (FakeAuthService.requests() <= FakeAuthService.REFUSED_AT_START && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(FakeAuthService.requests() > FakeAuthService.REFUSED_AT_START,
                "asked again after each refusal: " + FakeAuthService.requests() + " asks");
        assertEquals(2000, UserResync.retryDelay(1, 3_600_000));
        assertEquals(8000, UserResync.retryDelay(3, 3_600_000));
        assertEquals(600_000, UserResync.retryDelay(30, 600_000), "never longer than the interval");
    }

    @Test
    void resyncWritesUsersTheMirrorNeverSawManagersFirstAndRepairsARowChangedBehindItsBack() {
        assertTrue(FakeAuthService.requests() >= 1, "a resync ran once at start");
        String manager = "usr_rs_mgr" + System.nanoTime();
        String report = "usr_rs_rep" + System.nanoTime();
        // the report first: the resync still writes the manager before them
        FakeAuthService.users(List.of(UserEvents.user(report, "Rae Report", manager, true),
                UserEvents.user(manager, "Mo Manager", null, true)));

        assertEquals(2, resync.resync().await().atMost(Duration.ofSeconds(20)));
        assertEquals(manager, userRow(report).getString("manager_id"));
        assertEquals("Mo Manager", userRow(manager).getString("name"));
        long version = userRow(report).getLong("row_version");

        assertEquals(0, resync.resync().await().atMost(Duration.ofSeconds(20)), "nothing to repair");
        assertEquals(version, userRow(report).getLong("row_version"), "an unchanged row is not touched");

        pool.preparedQuery("UPDATE crm.\"user\" SET name = 'Tampered', is_active = false, manager_id = NULL WHERE id = $1")
                .execute(Tuple.of(report)).await().atMost(Duration.ofSeconds(5));
        assertEquals(1, resync.resync().await().atMost(Duration.ofSeconds(20)));
        Row repaired = userRow(report);
        assertEquals("Rae Report", repaired.getString("name"));
        assertEquals(true, repaired.getBoolean("is_active"));
        assertEquals(manager, repaired.getString("manager_id"));
    }

    @Test
    void aNewerRowIsNotOverwrittenByAnOlderList() {
        String user = "usr_rs_newer" + System.nanoTime();
        Map<String, Object> old = UserEvents.user(user, "Old Name", null, true);
        old.put("ModifiedDate", "2026-01-01T00:00:00Z");
        Map<String, Object> newer = UserEvents.user(user, "New Name", null, true);
        newer.put("ModifiedDate", "2026-06-01T00:00:00Z");
        FakeAuthService.users(List.of(newer));
        resync.resync().await().atMost(Duration.ofSeconds(20));
        FakeAuthService.users(List.of(old));
        assertEquals(0, resync.resync().await().atMost(Duration.ofSeconds(20)));
        assertEquals("New Name", userRow(user).getString("name"));
    }
}
