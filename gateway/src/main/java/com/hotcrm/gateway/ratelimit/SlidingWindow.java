package com.hotcrm.gateway.ratelimit;

/**
 * The sliding-window counter both limiters use: time is cut in fixed windows (an hour), and a request is
 * counted against {@code floor(previous × share of the previous window still inside the last hour) +
 * current}. It needs two counters per key, never lets a burst at a window edge double the budget, and
 * the Redis script computes exactly this.
 */
public final class SlidingWindow {

    private SlidingWindow() {
    }

    /** Requests counted now, given the two windows' counters and how far into the current window we are. */
    public static long used(long previous, long current, long windowMillis, long elapsedMillis) {
        // integer arithmetic, as exact as the Lua script's (counts and milliseconds stay far below 2^53)
        return previous * (windowMillis - elapsedMillis) / windowMillis + current;
    }

    /** Builds the decision from the counters after the request was (or was not) counted. */
    public static Decision decision(boolean allowed, long limit, long previous, long current, long windowMillis,
            long nowMillis) {
        long elapsed = nowMillis % windowMillis;
        long windowEnd = nowMillis - elapsed + windowMillis;
        long remaining = Math.max(0, limit - used(previous, current, windowMillis, elapsed));
        long retryAfterSeconds = 0;
        if (!allowed) {
            long waitMillis;
            if (current >= limit || previous == 0) {
                waitMillis = windowEnd - nowMillis;
            } else {
                // until the previous window's share has decayed enough for one more request
                double shareAllowed = (double) (limit - current) / previous;
                waitMillis = (long) Math.ceil(windowMillis - elapsed - shareAllowed * windowMillis) + 1;
            }
            retryAfterSeconds = Math.max(1, (long) Math.ceil(Math.max(0, waitMillis) / 1000.0));
        }
        return new Decision(allowed, limit, remaining, windowEnd / 1000, retryAfterSeconds);
    }

    public static long windowIndex(long nowMillis, long windowMillis) {
        return nowMillis / windowMillis;
    }
}
