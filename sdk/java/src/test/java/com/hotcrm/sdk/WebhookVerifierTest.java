package com.hotcrm.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hotcrm.sdk.model.WebhookEvent;

/**
 * The Standard Webhooks signature as HotCRM's webhook-service makes it (Signature.java: base64 HMAC-SHA256 of
 * "{id}.{timestamp}.{body}", keys from SigningSecrets), checked against the scheme's published test vector and
 * against signatures webhook-service's code computed.
 */
class WebhookVerifierTest {

    // The Standard Webhooks specification's test vector (standard-webhooks/standard-webhooks, libraries' tests)
    static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long SPEC_TIMESTAMP = 1614265330;
    static final String SPEC_BODY = "{\"test\": 2432232314}";
    static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    // Signatures computed by com.hotcrm.webhook.delivery.Signature on the JVM (with the key of a whsec_ secret and
    // of a plain one, as SigningSecrets derives them), over a body with non-ASCII characters
    static final String BODY = "{\"id\":\"6f1c2a9e-0000-4000-8000-000000000001\",\"type\":\"create\",\"object\":\"Opportunity\","
            + "\"recordId\":\"opp_01J000000000000000000000\",\"data\":{\"Name\":\"Enterprise Deal – Café\",\"Amount\":150000}}";
    static final String PLAIN_SECRET = "webhook_secret_key";
    static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    static final long TIMESTAMP = 1674087231;
    static final String SERVER_SIGNATURE_WHSEC = "v1,87noGCGuki8PVwop5sC4krMmLibd2LGUzaWqgArXnSg=";
    static final String SERVER_SIGNATURE_PLAIN = "v1,fxuJEXrTWTgUHthh4FhLN/QPojg/vmmWQtgi4MUrROE=";

    static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Webhook-Id", List.of(id));
        headers.put("Webhook-Timestamp", List.of(Long.toString(timestamp)));
        headers.put("Webhook-Signature", List.of(signature));
        headers.put("Content-Type", List.of("application/json"));
        return headers;
    }

    static WebhookVerifier at(String secret, long now) {
        return new WebhookVerifier(secret).withClock(Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
    }

    @Test
    void theSpecificationsTestVector() {
        assertEquals(SPEC_SIGNATURE, WebhookVerifier.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY));
        at(SPEC_SECRET, SPEC_TIMESTAMP).verifyRaw(SPEC_ID, Long.toString(SPEC_TIMESTAMP), SPEC_SIGNATURE,
                SPEC_BODY.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void signaturesMatchWhatTheServerSends() {
        assertEquals(SERVER_SIGNATURE_WHSEC, WebhookVerifier.sign(SPEC_SECRET, ID, TIMESTAMP, BODY));
        assertEquals(SERVER_SIGNATURE_PLAIN, WebhookVerifier.sign(PLAIN_SECRET, ID, TIMESTAMP, BODY));
    }

    @Test
    void aGenuineDeliveryVerifiesAndItsEventIsRead() {
        WebhookEvent event = at(SPEC_SECRET, TIMESTAMP + 10).verify(headers(ID, TIMESTAMP, SERVER_SIGNATURE_WHSEC),
                BODY.getBytes(StandardCharsets.UTF_8));
        assertEquals("create", event.type());
        assertEquals("opp_01J000000000000000000000", event.recordId());
        assertEquals("Enterprise Deal – Café", event.record().getString("Name"));
        assertEquals(150000, event.record().getInteger("Amount"));
        at(PLAIN_SECRET, TIMESTAMP).verify(headers(ID, TIMESTAMP, SERVER_SIGNATURE_PLAIN), BODY.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eitherSignatureOfARotationVerifiesAndHeaderNamesAreCaseInsensitive() {
        String both = SERVER_SIGNATURE_PLAIN + " " + SERVER_SIGNATURE_WHSEC;
        Map<String, String> lower = Map.of("webhook-id", ID, "webhook-timestamp", Long.toString(TIMESTAMP),
                "webhook-signature", both);
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        at(SPEC_SECRET, TIMESTAMP).verify(lower::get, body);
        at(PLAIN_SECRET, TIMESTAMP).verify(headers(ID, TIMESTAMP, both), body);
    }

    @Test
    void forgeriesAreRefused() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        Map<String, Runnable> forgeries = new LinkedHashMap<>();
        forgeries.put("another secret", () -> at(PLAIN_SECRET + "x", TIMESTAMP)
                .verify(headers(ID, TIMESTAMP, SERVER_SIGNATURE_PLAIN), body));
        forgeries.put("a changed body", () -> at(SPEC_SECRET, TIMESTAMP)
                .verify(headers(ID, TIMESTAMP, SERVER_SIGNATURE_WHSEC), BODY.replace("150000", "1").getBytes(StandardCharsets.UTF_8)));
        forgeries.put("another id", () -> at(SPEC_SECRET, TIMESTAMP)
                .verify(headers("msg_other", TIMESTAMP, SERVER_SIGNATURE_WHSEC), body));
        forgeries.put("another timestamp", () -> at(SPEC_SECRET, TIMESTAMP)
                .verify(headers(ID, TIMESTAMP + 1, SERVER_SIGNATURE_WHSEC), body));
        forgeries.put("another version", () -> at(SPEC_SECRET, TIMESTAMP)
                .verify(headers(ID, TIMESTAMP, "v2," + SERVER_SIGNATURE_WHSEC.substring(3)), body));
        forgeries.put("garbage", () -> at(SPEC_SECRET, TIMESTAMP).verify(headers(ID, TIMESTAMP, "v1,!!!"), body));
        forgeries.put("no signature", () -> at(SPEC_SECRET, TIMESTAMP).verify(ID, Long.toString(TIMESTAMP), null, body));
        forgeries.forEach((name, forgery) -> assertEquals(WebhookVerificationException.WEBHOOK_VERIFICATION_ERROR,
                assertThrows(WebhookVerificationException.class, forgery::run, name).code(), name));
    }

    @Test
    void oldOrFutureTimestampsAreRefusedUnlessToleranceAllows() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        for (long now : new long[] { TIMESTAMP + 301, TIMESTAMP - 301 }) {
            assertThrows(WebhookVerificationException.class,
                    () -> at(SPEC_SECRET, now).verify(headers(ID, TIMESTAMP, SERVER_SIGNATURE_WHSEC), body));
        }
        at(SPEC_SECRET, TIMESTAMP + 3600).withTolerance(Duration.ofHours(2))
                .verify(headers(ID, TIMESTAMP, SERVER_SIGNATURE_WHSEC), body);
        new WebhookVerifier(SPEC_SECRET).withTolerance(null).verify(headers(ID, TIMESTAMP, SERVER_SIGNATURE_WHSEC), body);
    }
}
