package com.hotcrm.webhook.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.hotcrm.webhook.service.SigningSecrets;

class SignatureTest {

    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        byte[] key = SigningSecrets.signingKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                Signature.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}"));
    }

    @Test
    void duringARotationBothSecretsSign() {
        String header = Signature.header(List.of("k1".getBytes(), "k2".getBytes()), "id", 1L, "{}");
        assertEquals(2, header.split(" ").length);
    }

    @Test
    void secretsAreEncryptedAtRestAndReadBack() {
        SigningSecrets secrets = new SigningSecrets("a key for tests");
        String secret = SigningSecrets.generate();
        String stored = secrets.encrypt(secret);
        assertNotEquals(secret, stored);
        assertEquals(-1, stored.indexOf(secret.substring(6)));
        assertEquals(secret, secrets.decrypt(stored));
        assertThrows(IllegalStateException.class, () -> new SigningSecrets("another key").decrypt(stored));
    }
}
