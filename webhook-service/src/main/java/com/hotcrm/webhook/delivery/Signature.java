package com.hotcrm.webhook.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: base64 of HMAC-SHA256 over {@code {webhook-id}.{webhook-timestamp}.{body}},
 * sent as {@code webhook-signature: v1,<signature>}; several keys (during a secret rotation) give several
 * signatures separated by spaces, any of which verifies.
 */
public final class Signature {

    private Signature() {
    }

    public static String sign(byte[] key, String messageId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String header(List<byte[]> keys, String messageId, long timestampSeconds, String body) {
        return keys.stream().map(key -> sign(key, messageId, timestampSeconds, body)).collect(Collectors.joining(" "));
    }
}
