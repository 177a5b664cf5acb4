package com.hotcrm.platform.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.TransactionRollbackException;

/** Which failures a client is told to retry (503 with Retry-After), and which stay a bug (500). */
class DatabaseFailuresTest {

    @Test
    void aServerGoingAwayOrALostConnectionIsTransient() {
        assertTransient(pg("terminating connection due to administrator command", "57P01"));
        assertTransient(pg("the database system is in recovery mode", "57P03"));
        assertTransient(new ConnectException("Connection refused"));
        assertTransient(new SocketException("Connection reset"));
        assertTransient(new ClosedChannelException());
        // wrapped, as a Uni or a CompletionStage hands it on
        assertTransient(new CompletionException(new SocketException("Connection reset")));
    }

    @Test
    void aCommitThatFoundItsTransactionRolledBackIsTransientForARequestOnly() {
        // the connection lost between the last statement and the commit: the client should retry
        assertTrue(DatabaseFailures.classifyRequest(TransactionRollbackException.INSTANCE).isPresent());
        // a consumer dead-letters it after its tries rather than retrying a possible bug forever
        assertTrue(DatabaseFailures.classify(TransactionRollbackException.INSTANCE).isEmpty());
    }

    @Test
    void limitsAndCollisionsSayWhatToDo() {
        assertEquals(5, DatabaseFailures.classify(pg("canceling statement due to statement timeout",
                "57014")).orElseThrow().retryAfterSeconds());
        assertEquals(1, DatabaseFailures.classify(pg("deadlock detected", "40P01"))
                .orElseThrow().retryAfterSeconds());
    }

    @Test
    void aBugIsNotTransient() {
        assertTrue(DatabaseFailures.classify(pg("syntax error", "42601")).isEmpty());
        assertTrue(DatabaseFailures.classify(new NullPointerException()).isEmpty());
        assertTrue(DatabaseFailures.classify(new IllegalStateException("state")).isEmpty());
    }

    /** A server error as the PostgreSQL client reports it. */
    private static DatabaseException pg(String message, String sqlState) {
        return new DatabaseException(message, 0, sqlState) {
        };
    }

    private static void assertTransient(Throwable failure) {
        var fault = DatabaseFailures.classify(failure);
        assertTrue(fault.isPresent(), failure + " is a transient fault");
        assertEquals("The database is unavailable for a moment; try again", fault.get().message());
    }
}
