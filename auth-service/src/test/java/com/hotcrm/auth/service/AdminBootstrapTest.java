package com.hotcrm.auth.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

/** Only losing the race for the first admin's email is taken calmly; any other failure stops the start. */
class AdminBootstrapTest {

    @Test
    void aUniqueViolationIsAnotherReplicaHavingWon() {
        assertTrue(AdminBootstrap.anotherReplicaWon(new RuntimeException("could not insert",
                new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null))));
    }

    @Test
    void anythingElseIsAFailure() {
        assertFalse(AdminBootstrap.anotherReplicaWon(new RuntimeException("could not insert",
                new PgException("relation does not exist", "ERROR", "42P01", null))));
        assertFalse(AdminBootstrap.anotherReplicaWon(new IllegalStateException("Ordinal parameter label was not an integer")));
        assertFalse(AdminBootstrap.anotherReplicaWon(new RuntimeException("connection refused")));
    }
}
