package com.hotcrm.platform.metadata;

import java.util.Optional;

import com.github.f4b6a3.ulid.UlidCreator;
import com.hotcrm.platform.text.Ascii;

/**
 * Record ids: the object's prefix, {@code _}, and a ULID (time-ordered, so new rows land at the end of the
 * primary-key index): {@code acc_01JH6Q3Z8K4W2N7M5B9C0D1E2F}.
 */
public final class RecordIds {


    /** What {@link #isWellFormed} accepts, as a constant for a request field's {@code @Pattern}. */
    public static final String PATTERN = "[a-z][a-z0-9]{0,15}_[0-9A-Za-z]{1,64}";

    private RecordIds() {
    }

    public static String next(String prefix) {
        return prefix + "_" + UlidCreator.getMonotonicUlid();
    }

    /** {@code [a-z][a-z0-9]{0,15}_[0-9A-Za-z]{1,64}}, checked by hand: it runs for every lookup value written. */
    public static boolean isWellFormed(String id) {
        if (id == null) {
            return false;
        }
        int underscore = id.indexOf('_');
        return underscore > 0
                && Ascii.matches(id, 0, underscore, 16, Ascii::isLower, c -> Ascii.isLower(c) || Ascii.isDigit(c))
                && Ascii.matches(id, underscore + 1, id.length(), 64, Ascii::isLetterOrDigit, Ascii::isLetterOrDigit);
    }

    /** The object prefix of an id ({@code acc} of {@code acc_01J...}), if the id is well formed. */
    public static Optional<String> prefixOf(String id) {
        return isWellFormed(id) ? Optional.of(id.substring(0, id.indexOf('_'))) : Optional.empty();
    }
}
