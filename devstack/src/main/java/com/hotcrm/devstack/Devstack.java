package com.hotcrm.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

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
        Files.writeString(run.resolve("ready"), suite.gatewayUrl());
        System.out.println(banner(suite, state));
        Thread.currentThread().join();
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
                  OpenAPI: %s/q/openapi
                  Logs:    %s
                  Log in:  no token is needed yet: the gateway does not authenticate requests so far
                Stop with Ctrl-C or ./hotcrm down.
                """.formatted(gateway, gateway, gateway, state.resolve("logs"));
    }
}
