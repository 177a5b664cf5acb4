package com.hotcrm.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a high-entropy token (API token, refresh token) is known without being kept: the hex SHA-256 of its
 * text. auth-service stores it; the gateway caches exchanges under it.
 */
public final class TokenHash {

    private TokenHash() {
    }

    public static String of(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
