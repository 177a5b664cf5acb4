package com.hotcrm.auth.rest;

import com.hotcrm.platform.security.Roles;

/** The rules a user's fields follow, shared by {@link NewUser} and {@link UserChanges}. */
final class UserFields {

    static final int MIN_PASSWORD = 10;
    static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
    static final String EMAIL_MESSAGE = "Email must be an email address such as ana@example.com";
    static final String SHORT_PASSWORD = "Password must have at least " + MIN_PASSWORD + " characters";
    static final String ROLE_MESSAGE = "Role must be one of " + Roles.LISTED;
    static final String TIER_MESSAGE = "RateLimitTier must be Standard, Premium or Enterprise";

    private UserFields() {
    }
}
