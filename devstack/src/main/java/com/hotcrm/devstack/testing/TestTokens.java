package com.hotcrm.devstack.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Access tokens for tests, shaped exactly like auth-service's (RS256, kid, issuer hotcrm, audience
 * hotcrm-api, sub, email, groups, tier, tid), signed by a key pair made once per test JVM whose public
 * half {@link #jwks()} publishes. {@link #other()} is a second, untrusted key for forgery tests.
 */
public final class TestTokens {

    private static final TestTokens TRUSTED = new TestTokens();
    private static final TestTokens OTHER = new TestTokens();

    private final PrivateKey privateKey;
    private final RsaJsonWebKey publicJwk;

    private TestTokens() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            privateKey = pair.getPrivate();
            publicJwk = new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) pair.getPublic());
            publicJwk.setKeyId(publicJwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            publicJwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            publicJwk.setUse("sig");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key the services under test trust. */
    public static TestTokens trusted() {
        return TRUSTED;
    }

    /** A key nobody trusts, with its own kid. */
    public static TestTokens other() {
        return OTHER;
    }

    /** The admin of the tests: user {@code usr_testadmin}, Enterprise tier. */
    public static String admin() {
        return TRUSTED.sign("usr_testadmin", "admin", "Enterprise", null, Duration.ofHours(1));
    }

    public static String user(String userId, String role, String tier) {
        return TRUSTED.sign(userId, role, tier, null, Duration.ofHours(1));
    }

    /**
     * The token with {@code from} replaced by {@code to} in its claims and its header and signature kept: what a
     * client that rewrites its own role sends. A verifier must refuse it, whatever it verified before.
     */
    public static String tampered(String token, String from, String to) {
        String[] parts = token.split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace(from, to);
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** The JWKS document publishing the trusted key. */
    public static String jwks() {
        return new JsonWebKeySet(List.<JsonWebKey>of(TRUSTED.publicJwk)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** A JWKS document publishing only this key (a key set after a rotation, say). */
    public String publishedAlone() {
        return new JsonWebKeySet(List.<JsonWebKey>of(publicJwk)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    public String keyId() {
        return publicJwk.getKeyId();
    }

    /**
     * @param apiTokenId set for a token exchanged from an API token, else null
     * @param ttl        negative for an already expired token
     */
    public String sign(String userId, String role, String tier, String apiTokenId, Duration ttl) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("hotcrm");
        claims.setAudience("hotcrm-api");
        claims.setSubject(userId);
        claims.setClaim("upn", userId + "@test.hotcrm");
        claims.setClaim("email", userId + "@test.hotcrm");
        claims.setStringListClaim("groups", role);
        claims.setClaim("tier", tier);
        if (apiTokenId != null) {
            claims.setClaim("tid", apiTokenId);
        }
        claims.setJwtId(UUID.randomUUID().toString());
        long now = System.currentTimeMillis() / 1000;
        claims.setIssuedAt(NumericDate.fromSeconds(Math.min(now, now + ttl.toSeconds()) - 1));
        claims.setExpirationTime(NumericDate.fromSeconds(now + ttl.toSeconds()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(privateKey);
        jws.setKeyIdHeaderValue(publicJwk.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
