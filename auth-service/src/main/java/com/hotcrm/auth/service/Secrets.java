package com.hotcrm.auth.service;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random opaque secrets (refresh and API tokens). They are stored as {@link com.hotcrm.platform.security.TokenHash}:
 * high-entropy secrets need no slow hash, and the lookup stays an index probe.
 */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** 256 random bits, URL-safe. */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
