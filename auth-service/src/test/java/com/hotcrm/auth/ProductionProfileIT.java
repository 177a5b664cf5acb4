package com.hotcrm.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.hotcrm.devstack.Ports;
import com.hotcrm.devstack.ProcessLogs;
import com.hotcrm.devstack.testing.TestInfrastructure;

/**
 * The packaged auth-service started as production starts it (prod profile, configured only by the
 * environment) against a fresh database: it refuses to start without a signing key or, while no user
 * exists, without the first admin's password, and says what to set; given both, it starts, and never
 * prints a password.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionProfileIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final String ADMIN_PASSWORD = "prod-admin-" + System.nanoTime();

    private static TestInfrastructure.Database db;
    private static String signingKey;

    @BeforeAll
    static void prepare() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "package auth-service first: no " + JAR.toAbsolutePath());
        db = TestInfrastructure.database();
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        signingKey = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** A started auth-service: the process, its port and where its output goes. */
    record Started(Process process, int port, Path log) {
        String output() throws IOException {
            return Files.readString(log);
        }
    }

    static Started start(String name, Map<String, String> settings) throws IOException {
        int port = Ports.free();
        Path log = Path.of("target", "prod-start-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(ProcessLogs.javaBinary(), "-Dquarkus.profile=prod", "-jar",
                JAR.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("HOTCRM_") || key.startsWith("QUARKUS_"));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("HOTCRM_DB_URL", db.url());
        env.put("HOTCRM_DB_USER", db.server().user());
        env.put("HOTCRM_DB_PASSWORD", db.server().password().isEmpty() ? "unused-with-trust-auth" : db.server().password());
        // nothing listens there: auth-service keeps user changes in its outbox while Kafka is away
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + Ports.free());
        env.putAll(settings);
        return new Started(builder.start(), port, log);
    }

    /** Waits for a start that must fail, and returns what it printed. */
    static String refused(Started started) throws Exception {
        if (!started.process().waitFor(120, TimeUnit.SECONDS)) {
            ProcessLogs.stop(started.process(), 10);
            fail("auth-service did not stop although it should refuse to start:\n" + ProcessLogs.tail(started.log(), 40));
        }
        assertNotEquals(0, started.process().exitValue(), started.output());
        return started.output();
    }

    /** Waits until the service is ready. */
    static void ready(Started started) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!started.process().isAlive()) {
                fail("auth-service stopped:\n" + ProcessLogs.tail(started.log(), 40));
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + started.port()
                        + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail("auth-service was not ready in 120 s:\n" + ProcessLogs.tail(started.log(), 40));
    }

    static int login(Started started, String password) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + started.port()
                        + "/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"admin@hotcrm.local\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    @Order(1)
    void withoutASigningKeyItRefusesToStartAndSaysWhatToSet() throws Exception {
        String output = refused(start("no-key", Map.of()));
        assertTrue(output.contains("set HOTCRM_JWT_PRIVATE_KEY"), output);
        assertTrue(output.contains("openssl genpkey -algorithm RSA"), output);
    }

    @Test
    @Order(2)
    void withoutAnAdminPasswordOnAnEmptyDatabaseItRefusesToStartAndPrintsNoPassword() throws Exception {
        String output = refused(start("no-admin-password", Map.of("HOTCRM_JWT_PRIVATE_KEY", signingKey)));
        assertTrue(output.contains("HOTCRM_ADMIN_PASSWORD is not set"), output);
        assertFalse(output.contains("generated password"), output);
    }

    @Test
    @Order(3)
    void withBothItStartsAndLaterStartsNeedNoAdminPassword() throws Exception {
        Started first = start("configured", new HashMap<>(Map.of("HOTCRM_JWT_PRIVATE_KEY", signingKey,
                "HOTCRM_ADMIN_PASSWORD", ADMIN_PASSWORD)));
        try {
            ready(first);
            assertEquals(200, login(first, ADMIN_PASSWORD));
        } finally {
            ProcessLogs.stop(first.process(), 20);
        }
        assertFalse(first.output().contains(ADMIN_PASSWORD), "the admin password is never printed");
        assertFalse(first.output().contains("generated password"), first.output());

        Started again = start("restart", Map.of("HOTCRM_JWT_PRIVATE_KEY", signingKey));
        try {
            ready(again);
            assertEquals(200, login(again, ADMIN_PASSWORD));
        } finally {
            ProcessLogs.stop(again.process(), 20);
        }
    }
}
