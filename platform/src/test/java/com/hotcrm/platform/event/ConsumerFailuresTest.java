package com.hotcrm.platform.event;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.api.Test;

import com.hotcrm.platform.error.CrmException;

import io.vertx.sqlclient.DatabaseException;

class ConsumerFailuresTest {

    /** A database error as the PostgreSQL client raises it (PgException is one), with its SQLSTATE. */
    static DatabaseException pg(String sqlState) {
        return new DatabaseException("failure " + sqlState, 0, sqlState) {
        };
    }

    @Test
    void databaseFaultsThatPassAreTransient() {
        assertTrue(ConsumerFailures.isTransient(pg("55P03")), "lock not available");
        assertTrue(ConsumerFailures.isTransient(pg("57014")), "statement timeout");
        assertTrue(ConsumerFailures.isTransient(pg("40P01")), "deadlock");
        assertTrue(ConsumerFailures.isTransient(pg("57P01")), "admin shutdown");
        assertTrue(ConsumerFailures.isTransient(pg("08006")), "connection failure");
    }

    @Test
    void whatTheDataItselfViolatesIsDeterministic() {
        assertFalse(ConsumerFailures.isTransient(pg("23503")), "foreign key violation");
        assertFalse(ConsumerFailures.isTransient(pg("23514")), "check violation");
        assertFalse(ConsumerFailures.isTransient(pg("22P02")), "invalid text representation");
    }

    @Test
    void networkTroubleAndTimeoutsAreTransientEvenWhenWrapped() {
        assertTrue(ConsumerFailures.isTransient(new ConnectException("Connection refused")));
        assertTrue(ConsumerFailures.isTransient(new SocketTimeoutException("Read timed out")));
        assertTrue(ConsumerFailures.isTransient(new IOException("Connection reset by peer")));
        assertTrue(ConsumerFailures.isTransient(new TimeoutException()));
        assertTrue(ConsumerFailures.isTransient(new io.smallrye.mutiny.TimeoutException()));
        assertTrue(ConsumerFailures.isTransient(new CompletionException(new IllegalStateException("send failed",
                new ConnectException("refused")))));
    }

    @Test
    void anotherServiceUnavailableIsTransientButItsRefusalIsNot() {
        assertTrue(ConsumerFailures.isTransient(new WebApplicationException(503)));
        assertTrue(ConsumerFailures.isTransient(new WebApplicationException(504)));
        assertTrue(ConsumerFailures.isTransient(new WebApplicationException(429)));
        assertFalse(ConsumerFailures.isTransient(new WebApplicationException(400)));
        assertFalse(ConsumerFailures.isTransient(new WebApplicationException(404)));
        assertFalse(ConsumerFailures.isTransient(new WebApplicationException(500)));
    }

    @Test
    void bugsAndBadDataAreDeterministic() {
        assertFalse(ConsumerFailures.isTransient(new NullPointerException()));
        assertFalse(ConsumerFailures.isTransient(new IllegalArgumentException("not a change event")));
        assertFalse(ConsumerFailures.isTransient(CrmException.validation("Title", "Title is required")));
    }
}
