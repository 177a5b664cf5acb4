package com.hotcrm.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.sdk.FakeApi.Response;

/** API keys, logins, and a login kept alive by refreshing: on expiry, and once on 401, without the caller noticing. */
class AuthenticationTest {

    static final String PAGE = "{\"records\":[],\"totalCount\":0,\"hasMore\":false,\"limit\":50,\"offset\":0}";

    FakeApi api;
    final AtomicInteger refreshes = new AtomicInteger();
    /** The access token the fake API accepts now. */
    volatile String validToken = "access-1";

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
        api.on("POST", "/auth/token", request -> request.json().get("password").asText().equals("right-password")
                ? Response.ok("{\"token\":\"access-1\",\"expiresIn\":3600,\"refreshToken\":\"refresh-1\"}")
                : Response.error(401, "AUTHENTICATION_ERROR", "Invalid email or password"));
        api.on("POST", "/auth/refresh", request -> {
            String presented = request.json().get("refreshToken").asText();
            if (!presented.equals("refresh-" + (refreshes.get() + 1))) {
                return Response.error(401, "AUTHENTICATION_ERROR", "Refresh token already used");
            }
            int n = refreshes.incrementAndGet() + 1;
            validToken = "access-" + n;
            return Response.ok("{\"token\":\"access-" + n + "\",\"expiresIn\":3600,\"refreshToken\":\"refresh-" + n + "\"}");
        });
        api.on("GET", "/accounts", request -> validToken.equals(request.bearer()) ? Response.ok(PAGE)
                : Response.error(401, "AUTHENTICATION_ERROR", "Invalid token").header("WWW-Authenticate", "Bearer"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    HotCRMClient.Builder builder() {
        return HotCRMClient.builder().baseUrl(api.url()).environment(Map.of());
    }

    @Test
    void anApiKeyIsSentAsTheBearerTokenWithTheSdksUserAgent() {
        validToken = "hcrm_abc_secret";
        builder().apiKey("hcrm_abc_secret").build().accounts().list();
        FakeApi.Request call = api.requests("GET", "/accounts").get(0);
        assertEquals("Bearer hcrm_abc_secret", call.header("Authorization"));
        assertEquals("hotcrm-java/" + HotCRMClient.VERSION, call.header("User-Agent"));
        assertEquals("application/json", call.header("Accept"));
    }

    @Test
    void aRefusedApiKeyIsAnAuthenticationErrorWithoutRefreshing() {
        HotCRMException error = assertThrows(HotCRMException.class,
                () -> builder().apiKey("hcrm_revoked").build().accounts().list());
        assertEquals("AUTHENTICATION_ERROR", error.code());
        assertEquals(401, error.status());
        assertEquals(0, api.requests("POST", "/auth/refresh").size());
    }

    @Test
    void loginPostsTheCredentialsAndUsesTheAccessToken() {
        HotCRMClient client = builder().login("admin@hotcrm.local", "right-password").build();
        client.accounts().list();
        assertEquals(Map.of("email", "admin@hotcrm.local", "password", "right-password"),
                FakeApi.JSON.convertValue(api.requests("POST", "/auth/token").get(0).json(), Map.class));
        assertNull(api.requests("POST", "/auth/token").get(0).header("Authorization"));
        assertEquals("access-1", api.requests("GET", "/accounts").get(0).bearer());
        assertEquals("refresh-1", client.refreshToken());
    }

    @Test
    void aWrongPasswordFailsTheBuild() {
        HotCRMException error = assertThrows(HotCRMException.class,
                () -> builder().login("admin@hotcrm.local", "wrong").build());
        assertEquals("AUTHENTICATION_ERROR", error.code());
    }

    @Test
    void a401IsAnsweredByRefreshingOnceAndRetryingTheCall() {
        HotCRMClient client = builder().login("admin@hotcrm.local", "right-password").build();
        validToken = "access-from-elsewhere"; // the server no longer takes access-1 (revoked, key rotated...)
        api.on("POST", "/auth/refresh", request -> {
            refreshes.incrementAndGet();
            validToken = "access-2";
            return Response.ok("{\"token\":\"access-2\",\"expiresIn\":3600,\"refreshToken\":\"refresh-2\"}");
        });

        client.accounts().list();

        List<FakeApi.Request> calls = api.requests();
        assertEquals(List.of("POST /v1/auth/token", "GET /v1/accounts", "POST /v1/auth/refresh", "GET /v1/accounts"),
                calls.stream().map(r -> r.method() + " " + r.path()).toList());
        assertEquals("refresh-1", calls.get(2).json().get("refreshToken").asText());
        assertNull(calls.get(2).header("Authorization"));
        assertEquals("access-2", calls.get(3).bearer());
        assertEquals(calls.get(1).header("X-Request-Id"), calls.get(3).header("X-Request-Id"));
        assertEquals("access-2", client.accessToken());
        assertEquals("refresh-2", client.refreshToken());
    }

    @Test
    void aSessionWithAnInvalidAccessTokenIsRepairedTransparently() {
        HotCRMClient client = builder().session("not-a-valid-token", "refresh-1").build();
        client.accounts().list();
        assertEquals(1, refreshes.get());
        assertEquals("access-2", client.accessToken());
    }

    @Test
    void a401AfterRefreshingIsThrownNotLoopedOn() {
        HotCRMClient client = builder().login("admin@hotcrm.local", "right-password").build();
        api.on("GET", "/accounts", request -> Response.error(401, "AUTHENTICATION_ERROR", "Invalid token"));
        HotCRMException error = assertThrows(HotCRMException.class, () -> client.accounts().list());
        assertEquals("AUTHENTICATION_ERROR", error.code());
        assertEquals(1, refreshes.get());
        assertEquals(2, api.requests("GET", "/accounts").size());
    }

    @Test
    void aRevokedLoginSurfacesTheRefreshError() {
        HotCRMClient client = builder().session("stale", "refresh-unknown").build();
        HotCRMException error = assertThrows(HotCRMException.class, () -> client.accounts().list());
        assertEquals("AUTHENTICATION_ERROR", error.code());
        assertEquals("Refresh token already used", error.errorMessage());
    }

    @Test
    void anAccessTokenAboutToExpireIsRefreshedBeforeTheCall() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-15T10:00:00Z"));
        HotCRMClient client = builder().login("admin@hotcrm.local", "right-password").clock(clock).build();
        client.accounts().list();
        assertEquals(0, refreshes.get());

        clock.advance(Duration.ofSeconds(3600 - 29)); // within the last 30 s of its hour
        client.accounts().list();

        assertEquals(1, refreshes.get());
        assertEquals(List.of("POST /v1/auth/token", "GET /v1/accounts", "POST /v1/auth/refresh", "GET /v1/accounts"),
                api.requests().stream().map(r -> r.method() + " " + r.path()).toList(), "no 401 was needed");
        assertEquals("access-2", api.requests("GET", "/accounts").get(1).bearer());
    }

    @Test
    void concurrentCallsThatSeeTheSameExpiredTokenRefreshOnce() throws Exception {
        HotCRMClient client = builder().login("admin@hotcrm.local", "right-password").build();
        validToken = "access-2"; // access-1 is refused from now on
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Object>> calls = java.util.Collections.nCopies(8, () -> client.accounts().list());
            for (Future<Object> call : pool.invokeAll(calls)) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, refreshes.get(), "one refresh: a rotated refresh token presented twice would revoke the login");
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        api.on("POST", "/auth/logout", request -> new Response(204, "", Map.of()));
        HotCRMClient client = builder().login("admin@hotcrm.local", "right-password").build();
        client.logout();
        assertEquals("refresh-1", api.requests("POST", "/auth/logout").get(0).json().get("refreshToken").asText());
        assertNull(client.refreshToken());
    }

    @Test
    void theEnvironmentGivesTheKeyAndUrlWhenTheBuilderDoesNot() {
        validToken = "hcrm_from_env";
        HotCRMClient client = HotCRMClient.builder()
                .environment(Map.of("HOTCRM_API_KEY", "hcrm_from_env", "HOTCRM_BASE_URL", api.url() + "/")).build();
        client.accounts().list();
        assertEquals(api.url(), client.baseUrl());
        assertThrows(IllegalStateException.class, () -> HotCRMClient.builder().environment(Map.of()).build());
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
