package com.hotcrm.platform.event;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.WebApplicationException;

import com.hotcrm.platform.error.DatabaseFailures;

/**
 * Sorts a consumer's failure into one of two kinds. <em>Transient</em>: the same event may well succeed
 * later, because something it needs is down or slow (a database fault {@link DatabaseFailures#classify}
 * recognises, a connection refused or reset, any I/O error, a timeout, another service answering 502, 503
 * or 504 or 429, or a Fault Tolerance timeout, open circuit or full bulkhead). Such an event is retried
 * until it succeeds, and later events wait behind it, in order. <em>Deterministic</em>: everything else (a
 * payload that is not a change event, a constraint the data violates, a bug): retrying the same bytes gives
 * the same answer, so after a few tries the event is parked as a dead letter and the stream moves on.
 */
public final class ConsumerFailures {

    /** Service answers that mean "not now": the failure is the callee's state, not the event's content. */
    private static final Set<Integer> UNAVAILABLE = Set.of(429, 502, 503, 504);
    /** Fault Tolerance's exceptions, by name: platform does not depend on the Fault Tolerance API. */
    private static final Set<String> FAULT_TOLERANCE = Set.of(
            "org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException",
            "org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException",
            "org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException");

    private ConsumerFailures() {
    }

    /** Whether {@code failure}, or any of its causes, is worth retrying without limit. */
    public static boolean isTransient(Throwable failure) {
        if (DatabaseFailures.classify(failure).isPresent()) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException
                    || FAULT_TOLERANCE.contains(t.getClass().getName())) {
                return true;
            }
            if (t instanceof WebApplicationException web && web.getResponse() != null
                    && UNAVAILABLE.contains(web.getResponse().getStatus())) {
                return true;
            }
        }
        return false;
    }
}
