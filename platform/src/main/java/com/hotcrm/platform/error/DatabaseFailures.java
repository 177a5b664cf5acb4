package com.hotcrm.platform.error;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.Set;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.TransactionRollbackException;

/**
 * Database faults a client should retry rather than read as a bug: a statement stopped by
 * {@code statement_timeout}, a lock not granted within {@code lock_timeout}, a deadlock or serialization
 * failure, a server shutting down or restarting, a connection lost or refused. Each becomes 503
 * SERVER_ERROR with {@code Retry-After}, a message that says what happened and nothing of the SQL.
 */
public final class DatabaseFailures {

    /** What the client is told, and after how many seconds to try again. */
    public record Transient(String message, int retryAfterSeconds) {
    }

    /** A row that a unique constraint refused. */
    public static final String UNIQUE_VIOLATION = "23505";
    /** A table that does not exist. */
    public static final String UNDEFINED_TABLE = "42P01";

    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03", "53300");
    /** A deadlock or a serialization failure: the transaction was aborted and may simply run again. */
    private static final Set<String> COLLISIONS = Set.of("40P01", "40001");

    private DatabaseFailures() {
    }

    /** The transient fault somewhere in {@code failure}'s causes, if there is one. */
    public static Optional<Transient> classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Optional<Transient> found = classifyOne(t);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The SQLSTATE of the first database error among {@code failure}'s causes, if there is one. */
    public static Optional<String> sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseException db && db.getSqlState() != null) {
                return Optional.of(db.getSqlState());
            }
        }
        return Optional.empty();
    }

    /** Whether the first database error among {@code failure}'s causes has this SQLSTATE. */
    public static boolean hasSqlState(Throwable failure, String state) {
        return sqlState(failure).filter(state::equals).isPresent();
    }

    /** Whether {@code failure} is a deadlock or serialization failure: an aborted transaction that may run again. */
    public static boolean isCollision(Throwable failure) {
        return sqlState(failure).filter(COLLISIONS::contains).isPresent();
    }

    private static Optional<Transient> classifyOne(Throwable t) {
        if (t instanceof DatabaseException db) {
            String state = db.getSqlState() == null ? "" : db.getSqlState();
            if ("57014".equals(state)) {
                return Optional.of(new Transient("The database stopped this request at its time limit: narrow the "
                        + "filters, sort on an indexed field, or page with the cursor", 5));
            }
            if ("55P03".equals(state)) {
                return Optional.of(new Transient("The record is locked by another change; try again", 1));
            }
            if (COLLISIONS.contains(state)) {
                return Optional.of(new Transient("The change collided with a concurrent one; try again", 1));
            }
            if (SERVER_GOING_AWAY.contains(state) || state.startsWith("08")) {
                return Optional.of(unavailable());
            }
            return Optional.empty();
        }
        if (t instanceof ClosedConnectionException || t instanceof ConnectException) {
            return Optional.of(unavailable());
        }
        if (t instanceof SocketException || t instanceof ClosedChannelException
                || (t instanceof IOException && t.getClass().getName().startsWith("io.netty."))) {
            // a socket to the database reset or closed under a statement (a crashed server sends no goodbye)
            return Optional.of(unavailable());
        }
        String message = t.getMessage();
        if (message != null && (message.contains("Connection is not active") || message.contains("Connection closed"))) {
            return Optional.of(unavailable());
        }
        return Optional.empty();
    }

    /**
     * For an HTTP request, also a commit that found its transaction already rolled back (Vert.x's shared
     * {@link TransactionRollbackException}, no cause): seen when the connection is lost between the last
     * statement and the commit. Whether anything committed is unknown and the client should retry, so 503.
     * Not for a consumer: there it could hide a deterministic failure that should be dead-lettered.
     */
    public static Optional<Transient> classifyRequest(Throwable failure) {
        Optional<Transient> found = classify(failure);
        if (found.isPresent()) {
            return found;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransactionRollbackException) {
                return Optional.of(unavailable());
            }
        }
        return Optional.empty();
    }

    private static Transient unavailable() {
        return new Transient("The database is unavailable for a moment; try again", 2);
    }
}
