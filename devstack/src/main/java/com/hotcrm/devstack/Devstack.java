package com.hotcrm.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.hotcrm.devstack.demo.DemoData;
import com.hotcrm.devstack.suite.AdminLogin;
import com.hotcrm.devstack.suite.Suite;

/**
 * {@code ./hotcrm up}: runs the whole suite on this machine until it is interrupted (Ctrl-C) or sent
 * SIGTERM ({@code ./hotcrm down}), then stops every process it started. While it runs, it keeps its own
 * pid and its children's in {@code .hotcrm/run}, so that {@code down} can stop them even if it was killed.
 */
public final class Devstack {

    private Devstack() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("hotcrm.home", ".")).toAbsolutePath().normalize();
        if (args.length > 0 && args[0].equals("demo")) {
            demo(root, args);
            return;
        }
        Path state = root.resolve(".hotcrm");
        Path run = state.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("devstack.pid"), Long.toString(ProcessHandle.current().pid()));
        Files.deleteIfExists(run.resolve("ready"));

        String database = System.getenv().getOrDefault("HOTCRM_DB_NAME", "hotcrm");
        Suite.Options options = new Suite.Options(root, state, database, false, System.getenv());
        Suite suite;
        try {
            suite = Suite.start(options, line -> System.out.println("devstack: " + line));
        } catch (IOException | RuntimeException e) {
            System.err.println("devstack: could not start the suite: " + e.getMessage());
            cleanUp(run);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("devstack: stopping");
            suite.close();
            cleanUp(run);
            System.out.println("devstack: stopped");
        }, "devstack-shutdown"));
        writePids(run, suite.pids());
        String demo = loadDemoIfEmpty(suite, database);
        Files.writeString(run.resolve("ready"), suite.gatewayUrl());
        System.out.println(banner(suite, state) + demo);
        Thread.currentThread().join();
    }

    /** A fresh database gets a small demo organisation ({@code HOTCRM_DEMO_SCALE} accounts, 0 for none). */
    private static String loadDemoIfEmpty(Suite suite, String database) {
        int scale = Integer.parseInt(System.getenv().getOrDefault("HOTCRM_DEMO_SCALE", "50"));
        if (scale <= 0) {
            return "";
        }
        try (Connection c = suite.postgres().server().connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM crm.account) AS has_data")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return "";
            }
            String token = suite.admin().token(suite.gatewayUrl());
            DemoData.Loaded loaded = new DemoData(suite.gatewayUrl(), token, 42, LocalDate.now()).load(scale, 2,
                    line -> System.out.println("devstack: " + line));
            DemoData.analyze(c);
            return "Demo data loaded: " + loaded + "\n";
        } catch (Exception e) {
            return "Demo data not loaded: " + e.getMessage() + "\n";
        }
    }

    /** {@code ./hotcrm demo [--scale N] [--seed S] [--url URL]}: loads demo data into a running suite. */
    private static void demo(Path root, String[] args) throws Exception {
        int scale = 1000;
        long seed = 42;
        Path ready = root.resolve(".hotcrm/run/ready");
        String url = Files.exists(ready) ? Files.readString(ready).trim() : "http://localhost:8080";
        for (int i = 1; i < args.length - 1; i += 2) {
            switch (args[i]) {
                case "--scale" -> scale = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--url" -> url = args[i + 1];
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + " (--scale N, --seed S, --url URL)");
            }
        }
        long start = System.nanoTime();
        System.out.println("demo: loading " + scale + " accounts (seed " + seed + ") into " + url);
        String token = System.getenv("HOTCRM_TOKEN");
        if (token == null || token.isBlank()) {
            token = AdminLogin.resolve(System.getenv(), root.resolve(".hotcrm")).token(url);
        }
        DemoData.Loaded loaded = new DemoData(url, token, seed, LocalDate.now())
                .load(scale, Math.max(2, Runtime.getRuntime().availableProcessors() * 2), System.out::println);
        System.out.printf("demo: loaded %s in %.1f s%n", loaded, (System.nanoTime() - start) / 1e9);
        analyzeAfterDemo(System.getenv());
    }

    /**
     * After {@code ./hotcrm demo}: ANALYZE the tables, so lists plan on statistics that know the new rows (the
     * database of {@code HOTCRM_DB_URL}, else {@code HOTCRM_DB_NAME} on 127.0.0.1:5432). Best effort: a suite
     * whose database this machine cannot reach keeps what records-service's own ANALYZE after batches gives.
     */
    private static void analyzeAfterDemo(Map<String, String> env) {
        String url = env.getOrDefault("HOTCRM_DB_URL", "postgresql://127.0.0.1:5432/" + env.getOrDefault("HOTCRM_DB_NAME", "hotcrm"));
        com.hotcrm.devstack.postgres.PostgresServer server = com.hotcrm.devstack.postgres.PostgresServer.fromUrl(url,
                env.getOrDefault("HOTCRM_DB_USER", "postgres"), env.getOrDefault("HOTCRM_DB_PASSWORD", ""));
        long start = System.nanoTime();
        try (Connection c = server.connect(server.defaultDatabase())) {
            int tables = DemoData.analyze(c);
            System.out.printf("demo: analyzed %d tables in %.1f s%n", tables, (System.nanoTime() - start) / 1e9);
        } catch (Exception e) {
            System.out.println("demo: tables not analyzed (" + e.getMessage() + "); records-service analyzes them as batches grow them");
        }
    }

    private static void writePids(Path run, List<Long> pids) throws IOException {
        Files.writeString(run.resolve("children.pids"),
                pids.stream().map(String::valueOf).collect(Collectors.joining("\n", "", "\n")));
    }

    private static void cleanUp(Path run) {
        for (String file : List.of("ready", "children.pids", "devstack.pid")) {
            try {
                Files.deleteIfExists(run.resolve(file));
            } catch (IOException ignored) {
                // best effort: ./hotcrm down checks the processes themselves
            }
        }
    }

    private static String banner(Suite suite, Path state) {
        String gateway = suite.gatewayUrl();
        return """

                HotCRM is up.
                  API:     %s/v1
                  Health:  %s/q/health
                  OpenAPI: %s/v1/openapi.json (with your token: your custom objects too)
                  Docs:    %s/docs
                  Logs:    %s
                  Log in:  POST %s/v1/auth/token {"email": "%s", "password": ...}
                           (the password is HOTCRM_ADMIN_PASSWORD, else the one in %s)
                Stop with Ctrl-C or ./hotcrm down.
                """.formatted(gateway, gateway, gateway, gateway, state.resolve("logs"), gateway, suite.admin().email(),
                state.resolve("admin-password"));
    }
}
