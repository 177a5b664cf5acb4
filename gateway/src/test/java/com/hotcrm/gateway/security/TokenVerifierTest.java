package com.hotcrm.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.gateway.config.GatewayConfig;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The gateway's token check against a JWKS it fetches: calls during the first fetch wait for it (rather
 * than being refused), a verified token is remembered, and a key's retirement forgets the tokens it signed.
 */
class TokenVerifierTest {

    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    /** auth-service's JWKS as the test sets it, each fetch counted; a fetch may be held until released. */
    static final class FakeAuth extends AuthServiceClient {
        final AtomicInteger fetches = new AtomicInteger();
        volatile String jwks = TestTokens.jwks();
        volatile Promise<Answer> held;

        FakeAuth() {
            super(vertx, config(Duration.ZERO));
        }

        @Override
        public Future<Answer> jwks() {
            fetches.incrementAndGet();
            Answer answer = new Answer(200, new JsonObject(jwks));
            if (held != null) {
                Promise<Answer> promise = held;
                return promise.future().map(v -> answer);
            }
            return Future.succeededFuture(answer);
        }
    }

    @Test
    void callsDuringTheFirstFetchWaitForItAndShareIt() {
        FakeAuth auth = new FakeAuth();
        auth.held = Promise.promise();
        TokenVerifier verifier = new TokenVerifier(auth, config(Duration.ofSeconds(10)));
        Future<Identity> first = verifier.verify(TestTokens.user("usr_ana", "sales_rep", "Standard"));
        Future<Identity> second = verifier.verify(TestTokens.user("usr_bo", "sales_rep", "Standard"));
        assertFalse(first.isComplete(), "waits for the keys rather than refusing the token");
        auth.held.complete(null);
        assertEquals("usr_ana", first.result().subject());
        assertEquals("usr_bo", second.result().subject());
        assertEquals(1, auth.fetches.get(), "one fetch shared by both");
    }

    @Test
    void aVerifiedTokenIsRememberedUntilItsKeyIsRetired() {
        FakeAuth auth = new FakeAuth();
        TokenVerifier verifier = new TokenVerifier(auth, config(Duration.ZERO));
        String token = TestTokens.user("usr_ana", "sales_rep", "Standard");
        assertEquals("usr_ana", verifier.verify(token).result().subject());
        assertEquals("usr_ana", verifier.verify(token).result().subject());
        assertEquals(1, auth.fetches.get(), "the second call used what the first verified");

        // the trusted key is retired: the JWKS now publishes only another one, learnt from a token that names it
        auth.jwks = TestTokens.other().publishedAlone();
        String rotated = TestTokens.other().sign("usr_bo", "admin", "Enterprise", null, Duration.ofHours(1));
        assertEquals("usr_bo", verifier.verify(rotated).result().subject());
        Future<Identity> retired = verifier.verify(token);
        assertTrue(retired.failed(), "a token of the retired key is no longer taken");
        assertInstanceOf(AuthFailure.class, retired.cause());
    }

    /** The gateway's settings this needs: auth-service's address and timeouts, JWKS refetch limits. */
    static GatewayConfig config(Duration minRefetch) {
        GatewayConfig.Auth auth = (GatewayConfig.Auth) Proxy.newProxyInstance(TokenVerifierTest.class.getClassLoader(),
                new Class<?>[] { GatewayConfig.Auth.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "timeout" -> Duration.ofSeconds(2);
                    case "jwksMinRefetchInterval" -> minRefetch;
                    case "jwksMaxAge" -> Duration.ofMinutes(10);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (GatewayConfig) Proxy.newProxyInstance(TokenVerifierTest.class.getClassLoader(),
                new Class<?>[] { GatewayConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "url" -> URI.create("http://127.0.0.1:9");
                    case "auth" -> auth;
                    // origin(...) and the like are derived from url(...)
                    default -> {
                        if (!method.isDefault()) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        yield InvocationHandler.invokeDefault(proxy, method, args);
                    }
                });
    }
}
