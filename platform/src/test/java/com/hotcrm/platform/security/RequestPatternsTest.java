package com.hotcrm.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The constants request bodies validate with say the same as the lists and parsers they stand for. */
class RequestPatternsTest {

    @Test
    void rolePatternIsExactlyTheRoles() {
        Pattern roles = Pattern.compile(Roles.PATTERN);
        Roles.ALL.forEach(role -> assertTrue(roles.matcher(role).matches(), role));
        assertFalse(roles.matcher("king").matches());
        assertFalse(roles.matcher("Admin").matches());
        assertEquals(String.join(", ", Roles.ALL), Roles.LISTED);
    }

    @Test
    void tierPatternAcceptsWhatParseAccepts() {
        Pattern tiers = Pattern.compile(RateLimitTier.PATTERN);
        for (String value : new String[] { "Standard", "premium", " ENTERPRISE ", "gold", "", "standard-ish" }) {
            assertEquals(RateLimitTier.parse(value).isPresent(), tiers.matcher(value).matches(), value);
        }
    }
}
