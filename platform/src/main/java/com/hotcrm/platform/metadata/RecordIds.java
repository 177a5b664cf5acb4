package com.hotcrm.platform.metadata;

import java.util.Optional;

import com.github.f4b6a3.ulid.UlidCreator;

/**
 * Record ids: the object's prefix, {@code _}, and a ULID (time-ordered, so new rows land at the end of the
 * primary-key index): {@code acc_01JH6Q3Z8K4W2N7M5B9C0D1E2F}.
 */
public final class RecordIds {


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
        if (underscore < 1 || underscore > 16 || id.length() - underscore - 1 < 1 || id.length() - underscore - 1 > 64) {
            return false;
        }
        char first = id.charAt(0);
        if (first < 'a' || first > 'z') {
            return false;
        }
        for (int i = 1; i < underscore; i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        for (int i = underscore + 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** The object prefix of an id ({@code acc} of {@code acc_01J...}), if the id is well formed. */
    public static Optional<String> prefixOf(String id) {
        return isWellFormed(id) ? Optional.of(id.substring(0, id.indexOf('_'))) : Optional.empty();
    }
}
