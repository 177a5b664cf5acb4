package com.hotcrm.e2e;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.hotcrm.devstack.suite.Suite;
import com.hotcrm.sdk.HotCRMClient;
import com.hotcrm.sdk.model.ApiResponse;

import io.restassured.RestAssured;

/**
 * Starts the whole suite once for all e2e tests, exactly as {@code ./hotcrm up} does (the packaged
 * services as separate processes, real PostgreSQL and Kafka), but on free ports with a fresh database
 * that is dropped at the end (on an embedded PostgreSQL of its own when the system property
 * {@code hotcrm.ownPostgres} is true, as the fault suite's execution sets it). Tests then talk to it only through the gateway, as the suite's first admin
 * (logged in with POST /v1/auth/token) unless they say otherwise.
 */
public final class RunningSuite implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    /** How long the suite's gateway answers an API token from its exchange (60 s by default). */
    public static final java.time.Duration API_TOKEN_CACHE_TTL = java.time.Duration.ofSeconds(2);

    private static Suite suite;
    private static String adminToken;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (RunningSuite.class) {
            if (suite == null) {
                Path root = Path.of(System.getProperty("hotcrm.home", "..")).toAbsolutePath().normalize();
                String database = "hotcrm_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)
                        .toLowerCase(Locale.ROOT);
                Map<String, String> env = new HashMap<>(System.getenv());
                // so that a revoked API token's refusal can be seen in seconds (60 s by default)
                env.put("HOTCRM_GATEWAY_API_TOKEN_CACHE_TTL", API_TOKEN_CACHE_TTL.toSeconds() + "s");
                // so that the change feed's pruning, and a cursor it expires, can be seen in seconds (hourly by default)
                env.put("HOTCRM_OUTBOX_PRUNE_INTERVAL", "2s");
                // the fault suite's execution asks for a PostgreSQL of its own, which it may stop and crash
                boolean ownPostgres = Boolean.getBoolean("hotcrm.ownPostgres");
                Suite.Options options = new Suite.Options(root, root.resolve("e2e-tests/target/suite"), database, true,
                        env, ownPostgres);
                suite = Suite.start(options, line -> System.out.println("[e2e] " + line));
                adminToken = suite.admin().token(suite.gatewayUrl());
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(RunningSuite.class.getName(), this);
            }
        }
        RestAssured.baseURI = suite.gatewayUrl();
        RestAssured.port = -1;
        // tests act as the first admin unless they say otherwise (given().auth().none() / oauth2(...))
        RestAssured.authentication = RestAssured.oauth2(adminToken);
    }

    public static Suite suite() {
        return suite;
    }

    /** The first admin's access token, for a test that sends requests with another client than RestAssured. */
    public static String adminToken() {
        return adminToken;
    }

    /** The Java SDK as the suite's first admin, through the gateway; {@code listener} sees every HTTP answer. */
    public static HotCRMClient client(Consumer<ApiResponse> listener) {
        return client(adminToken, listener);
    }

    /** The Java SDK with a token (an access token of a login, or an API token) as its key. */
    public static HotCRMClient client(String token, Consumer<ApiResponse> listener) {
        return HotCRMClient.builder().baseUrl(suite.gatewayUrl() + "/v1").apiKey(token).onResponse(listener).build();
    }

    @Override
    public void close() {
        synchronized (RunningSuite.class) {
            if (suite != null) {
                suite.close();
                suite = null;
                RestAssured.authentication = RestAssured.DEFAULT_AUTH;
            }
        }
    }
}
