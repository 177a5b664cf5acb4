package com.hotcrm.auth.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hotcrm.auth.config.AuthConfig;

class SigningKeysTest {

    record TestJwt(Optional<String> privateKey, Optional<String> previousPublicKeys, String keyDir, boolean generateKey)
            implements AuthConfig.Jwt {
        public Duration accessTokenTtl() {
            return Duration.ofHours(1);
        }

        public Duration refreshTokenTtl() {
            return Duration.ofDays(30);
        }

        public Duration exchangedTokenTtl() {
            return Duration.ofMinutes(5);
        }
    }

    static AuthConfig config(Optional<String> privateKey, Optional<String> previous, Path dir) {
        return config(privateKey, previous, dir, true);
    }

    static AuthConfig config(Optional<String> privateKey, Optional<String> previous, Path dir, boolean generateKey) {
        return new AuthConfig() {
            public AuthConfig.Jwt jwt() {
                return new TestJwt(privateKey, previous, dir.toString(), generateKey);
            }

            public AuthConfig.Admin admin() {
                throw new UnsupportedOperationException();
            }

            public AuthConfig.Outbox outbox() {
                throw new UnsupportedOperationException();
            }
        };
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static List<JsonWebKey> keys(SigningKeys keys) throws Exception {
        return new JsonWebKeySet(keys.jwksJson()).getJsonWebKeys();
    }

    @Test
    void aGeneratedKeyIsKeptOnDiskAndReusedAtTheNextStart(@TempDir Path dir) throws Exception {
        SigningKeys first = new SigningKeys(config(Optional.empty(), Optional.empty(), dir));
        SigningKeys second = new SigningKeys(config(Optional.empty(), Optional.empty(), dir));
        assertEquals(first.keyId(), second.keyId());
        assertTrue(Files.readString(dir.resolve("signing-key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals(List.of(first.keyId()), keys(first).stream().map(JsonWebKey::getKeyId).toList());
        assertFalse(first.jwksJson().contains("\"d\""), "no private part in the JWKS");
    }

    @Test
    void afterARotationThePreviousPublicKeyIsStillPublished(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair old = generator.generateKeyPair();
        KeyPair current = generator.generateKeyPair();
        SigningKeys before = new SigningKeys(config(Optional.of(pem("PRIVATE KEY", old.getPrivate().getEncoded())),
                Optional.empty(), dir));
        SigningKeys after = new SigningKeys(config(Optional.of(pem("PRIVATE KEY", current.getPrivate().getEncoded())),
                Optional.of(pem("PUBLIC KEY", old.getPublic().getEncoded())), dir));
        assertNotEquals(before.keyId(), after.keyId());
        List<String> published = keys(after).stream().map(JsonWebKey::getKeyId).toList();
        assertEquals(List.of(after.keyId(), before.keyId()), published);
        assertFalse(Files.exists(dir.resolve("signing-key.pem")), "a configured key is not written to disk");
    }

    @Test
    void aKeyThatIsNotPemIsRefusedWithTheSettingsName(@TempDir Path dir) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SigningKeys(config(Optional.of("not a key"), Optional.empty(), dir)));
        assertTrue(e.getMessage().contains("hotcrm.auth.jwt.private-key"), e.getMessage());
    }

    @Test
    void withoutGenerationAMissingKeyIsRefusedWithWhatToSet(@TempDir Path dir) throws Exception {
        // a key left on disk by an earlier local run does not count either: replicas would not share it
        new SigningKeys(config(Optional.empty(), Optional.empty(), dir));
        var e = assertThrows(IllegalStateException.class,
                () -> new SigningKeys(config(Optional.of(" "), Optional.empty(), dir, false)));
        assertTrue(e.getMessage().contains("set HOTCRM_JWT_PRIVATE_KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("openssl genpkey -algorithm RSA"), e.getMessage());
    }
}
