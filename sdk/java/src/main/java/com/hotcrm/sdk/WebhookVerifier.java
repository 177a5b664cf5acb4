package com.hotcrm.sdk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.sdk.model.WebhookEvent;

/**
 * Checks that a webhook request comes from HotCRM, as the Standard Webhooks scheme signs it:
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">} (two
 * space-separated signatures during a secret rotation, either of which verifies).
 *
 * <pre>{@code
 * WebhookVerifier verifier = new WebhookVerifier(secret);            // the webhook's secret, whsec_... or your own
 * WebhookEvent event = verifier.verify(request.headers(), rawBody);  // raw bytes, before any JSON parsing
 * }</pre>
 *
 * The key is the base64-decoded part of a {@code whsec_} secret, any other secret's UTF-8 bytes (as the server
 * does). A {@code webhook-timestamp} more than the tolerance (5 minutes) from now is refused, against replays.
 * Immutable and thread-safe.
 */
public final class WebhookVerifier {

    public static final String SECRET_PREFIX = "whsec_";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final byte[] key;
    private final Duration tolerance;
    private final Clock clock;

    public WebhookVerifier(String secret) {
        this(signingKey(secret), DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    private WebhookVerifier(byte[] key, Duration tolerance, Clock clock) {
        this.key = key;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** The same verifier with another tolerance for the timestamp; null does not check it. */
    public WebhookVerifier withTolerance(Duration tolerance) {
        return new WebhookVerifier(key, tolerance, clock);
    }

    /** The same verifier reading "now" from {@code clock}. */
    public WebhookVerifier withClock(Clock clock) {
        return new WebhookVerifier(key, tolerance, Objects.requireNonNull(clock, "clock"));
    }

    /** The HMAC key a webhook secret stands for. */
    public static byte[] signingKey(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.startsWith(SECRET_PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("A secret starting with whsec_ must continue in base64", e);
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code webhook-signature} value: {@code v1,<base64 HMAC-SHA256>} of id, timestamp and body. */
    public static String sign(String secret, String webhookId, long timestampSeconds, byte[] body) {
        byte[] digest = hmac(signingKey(secret), webhookId, Long.toString(timestampSeconds), body);
        return "v1," + Base64.getEncoder().encodeToString(digest);
    }

    public static String sign(String secret, String webhookId, long timestampSeconds, String body) {
        return sign(secret, webhookId, timestampSeconds, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Verifies a request given its headers (as most servers hand them over: names in any case, each with its
     * values) and its raw body; returns the event it carries.
     *
     * @throws WebhookVerificationException when a header is missing, no signature matches, or the timestamp is
     *         out of tolerance
     */
    public WebhookEvent verify(Map<String, ? extends List<String>> headers, byte[] body) {
        return verify(name -> headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst().orElse(null), body);
    }

    /** Verifies a request whose headers are read by name ({@code request::getHeader}). */
    public WebhookEvent verify(Function<String, String> header, byte[] body) {
        return verify(header.apply("webhook-id"), header.apply("webhook-timestamp"), header.apply("webhook-signature"),
                body);
    }

    /** Verifies the three headers' values against the raw body; returns the event. */
    public WebhookEvent verify(String webhookId, String timestamp, String signatures, byte[] body) {
        JsonNode event = verifyRaw(webhookId, timestamp, signatures, body);
        return Json.convert(event, WebhookEvent.class);
    }

    /** As {@link #verify(String, String, String, byte[])}, the body as the JSON tree it is. */
    public JsonNode verifyRaw(String webhookId, String timestamp, String signatures, byte[] body) {
        if (isBlank(webhookId) || isBlank(timestamp) || isBlank(signatures)) {
            throw new WebhookVerificationException("Missing webhook-id, webhook-timestamp or webhook-signature header");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("webhook-timestamp is not a number of seconds: " + timestamp);
        }
        if (tolerance != null && Math.abs(clock.instant().getEpochSecond() - sentAt) > tolerance.toSeconds()) {
            throw new WebhookVerificationException("webhook-timestamp is too far from now (a replay, or a clock off)");
        }
        byte[] expected = hmac(key, webhookId, timestamp.strip(), body);
        for (String candidate : signatures.strip().split("\\s+")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !"v1".equals(candidate.substring(0, comma).toLowerCase(Locale.ROOT))) {
                continue; // other schemes (v1a: asymmetric) are not HotCRM's
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                try {
                    return Json.MAPPER.readTree(body);
                } catch (java.io.IOException e) {
                    throw new WebhookVerificationException("The signed body is not JSON: " + e.getMessage());
                }
            }
        }
        throw new WebhookVerificationException("No webhook-signature matches this secret and body");
    }

    private static byte[] hmac(byte[] key, String webhookId, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
