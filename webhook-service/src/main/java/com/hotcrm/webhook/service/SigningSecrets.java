package com.hotcrm.webhook.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.hotcrm.webhook.config.WebhookConfig;

/**
 * Webhook signing secrets: made as Standard Webhooks has them ({@code whsec_} and the base64 of 32 random
 * bytes), or given by the user; kept in the database encrypted with AES-256-GCM under a key from
 * configuration, because the service must read them back to sign. {@link #signingKey} is the HMAC key a
 * secret stands for: the decoded bytes of a {@code whsec_} secret (what the Standard Webhooks libraries
 * use), else the secret's UTF-8 bytes (as GitHub does).
 */
@Singleton
public class SigningSecrets {

    public static final String PREFIX = "whsec_";
    private static final String FORMAT = "v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Inject
    public SigningSecrets(WebhookConfig config) {
        this(config.secretKey());
    }

    public SigningSecrets(String configuredKey) {
        if (configuredKey == null || configuredKey.isBlank()) {
            throw new IllegalArgumentException("HOTCRM_WEBHOOKS_SECRET_KEY is required");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(configuredKey.getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(digest, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** What is wrong with a user's secret, or null when it is usable. */
    public static String problemWith(String secret) {
        if (secret.startsWith(PREFIX)) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                return "secret starting with whsec_ must continue in base64";
            }
            return decoded.length < 24 || decoded.length > 64 ? "secret's key must be 24 to 64 bytes" : null;
        }
        if (secret.length() < 16 || secret.length() > 256) {
            return "secret must be 16 to 256 characters";
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return "secret must be printable ASCII without spaces";
            }
        }
        return null;
    }

    public static byte[] signingKey(String secret) {
        if (secret.startsWith(PREFIX)) {
            return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    public String encrypt(String secret) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return FORMAT + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt a webhook secret", e);
        }
    }

    public String decrypt(String stored) {
        if (!stored.startsWith(FORMAT)) {
            throw new IllegalStateException("A webhook secret in an unknown format");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(FORMAT.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // the message never holds the secret; a wrong HOTCRM_WEBHOOKS_SECRET_KEY is the usual cause
            throw new IllegalStateException("Could not decrypt a webhook secret: is HOTCRM_WEBHOOKS_SECRET_KEY the one it was stored with?");
        }
    }
}
