package com.hotcrm.auth.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.ObserverMethod;

import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.util.KeyUtils;

import com.hotcrm.auth.config.AuthConfig;

/**
 * The RSA key that signs access tokens, and the public keys the JWKS publishes: the current one plus
 * earlier ones kept after a rotation. The private key comes from configuration (a Kubernetes secret);
 * without one, a key pair is generated once and kept in {@code hotcrm.auth.jwt.key-dir}, except in the prod
 * profile, which refuses to start (created at start-up, so that a missing key stops the service at once
 * instead of failing its first login).
 */
@Startup(ObserverMethod.DEFAULT_PRIORITY - 1) // before the first admin is made: a missing key is said first
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final Pattern PEM_PUBLIC = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----(.*?)-----END PUBLIC KEY-----", Pattern.DOTALL);
    private static final String KEY_FILE = "signing-key.pem";
    static final String MISSING_KEY = "No token signing key: set HOTCRM_JWT_PRIVATE_KEY to a PEM PKCS#8 RSA private"
            + " key, the same one for every auth-service replica (from a secret), e.g. the output of"
            + " `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`. The prod profile does not generate"
            + " one: each replica would sign with its own key and the tokens of the others would be refused.";

    private final PrivateKey privateKey;
    private final String keyId;
    private final String jwksJson;

    SigningKeys(AuthConfig config) {
        this.privateKey = config.jwt().privateKey().filter(s -> !s.isBlank())
                .map(SigningKeys::decodePrivate)
                .orElseGet(() -> {
                    if (!config.jwt().generateKey()) {
                        throw new IllegalStateException(MISSING_KEY);
                    }
                    return loadOrGenerate(Path.of(config.jwt().keyDir()));
                });
        RsaJsonWebKey current = jwk(publicOf(privateKey));
        this.keyId = current.getKeyId();
        List<JsonWebKey> published = new ArrayList<>();
        published.add(current);
        config.jwt().previousPublicKeys().ifPresent(pems -> {
            Matcher m = PEM_PUBLIC.matcher(pems);
            while (m.find()) {
                RsaJsonWebKey previous = jwk((RSAPublicKey) decodePublic(m.group(0)));
                if (!previous.getKeyId().equals(keyId)) {
                    published.add(previous);
                }
            }
        });
        this.jwksJson = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        LOG.infof("Signing tokens with key %s; JWKS publishes %d key(s)", keyId, published.size());
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** RFC 7638 thumbprint of the current public key, the {@code kid} of every token signed now. */
    public String keyId() {
        return keyId;
    }

    public String jwksJson() {
        return jwksJson;
    }

    private static RsaJsonWebKey jwk(RSAPublicKey key) {
        RsaJsonWebKey jwk = new RsaJsonWebKey(key);
        jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
        jwk.setUse("sig");
        jwk.setAlgorithm("RS256");
        return jwk;
    }

    private static PrivateKey loadOrGenerate(Path dir) {
        Path file = dir.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                return decodePrivate(Files.readString(file));
            }
            KeyPair pair = KeyUtils.generateKeyPair(2048);
            Files.createDirectories(dir);
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Path tmp = Files.createTempFile(dir, KEY_FILE, ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(tmp, pem);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LOG.infof("Generated a signing key in %s (set HOTCRM_JWT_PRIVATE_KEY in production)", file.toAbsolutePath());
            return pair.getPrivate();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the signing key in " + dir.toAbsolutePath(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey decodePrivate(String pem) {
        try {
            return KeyUtils.decodePrivateKey(pem);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("hotcrm.auth.jwt.private-key is not a PEM PKCS#8 RSA private key", e);
        }
    }

    private static java.security.PublicKey decodePublic(String pem) {
        try {
            return KeyUtils.decodePublicKey(pem);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("hotcrm.auth.jwt.previous-public-keys holds a key that is not a PEM RSA public key", e);
        }
    }

    private static RSAPublicKey publicOf(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalArgumentException("The signing key must be an RSA private key");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
