package com.hotcrm.sdk;

/**
 * What to read of a relationship in a {@link Query}: {@code Related.select("Name", "Amount")
 * .where("IsClosed", "=", false).limit(10)}; it may name relationships of its own (up to 3 levels).
 */
public final class Related extends Selection<Related> {

    private Related() {
    }

    /** All fields of the related records (their default set). */
    public static Related all() {
        return new Related();
    }

    /** The given fields of the related records. */
    public static Related select(String... names) {
        return new Related().fields(java.util.List.of(names));
    }
}
