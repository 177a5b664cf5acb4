package com.hotcrm.platform.security;

import java.util.Locale;
import java.util.Optional;

/**
 * An object's organisation-wide default: who sees and changes records they do not own. On private objects
 * a user reaches only their own records, those of the users below them in the manager hierarchy, and
 * those shared with them; view all and modify all permissions reach every record.
 */
public enum Sharing {
    PUBLIC_READ_WRITE, PUBLIC_READ_ONLY, PRIVATE;

    /** As in JSON: {@code public_read_write}, {@code public_read_only}, {@code private}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Sharing> parse(String value) {
        for (Sharing sharing : values()) {
            if (sharing.label().equals(value)) {
                return Optional.of(sharing);
            }
        }
        return Optional.empty();
    }
}
