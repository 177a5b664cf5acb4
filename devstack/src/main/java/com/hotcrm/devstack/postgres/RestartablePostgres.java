package com.hotcrm.devstack.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.hotcrm.devstack.Ports;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL (Maven Central's binaries, as {@link PostgresLocator} starts one) of the suite's own,
 * on a fixed port and data directory, that a fault test may stop, crash and start again while the services
 * keep running: they see the same server come back at the same address with the same data. Never the
 * machine's server, which other runs share.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path workDir;
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres running;

    private RestartablePostgres(Path workDir, Path dataDir, int port) {
        this.workDir = workDir;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Initialises a fresh cluster in a temporary directory and starts it on a free port. */
    public static RestartablePostgres start() throws IOException {
        Path workDir = Files.createTempDirectory("hotcrm-restartable-pg");
        RestartablePostgres postgres = new RestartablePostgres(workDir, workDir.resolve("data"), Ports.free());
        postgres.startAgain();
        return postgres;
    }

    public PostgresServer server() {
        return new PostgresServer("127.0.0.1", port, "postgres", "", "postgres");
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return running != null;
    }

    /**
     * A clean, fast shutdown ({@code pg_ctl stop -m fast}): sessions are ended with 57P01
     * (admin_shutdown), open transactions roll back, a checkpoint is written.
     */
    public synchronized void stop() {
        if (running != null) {
            EmbeddedPostgres pg = running;
            running = null;
            close(pg);
        }
    }

    /**
     * A crash, as {@code pg_ctl stop -m immediate} does it: SIGQUIT to the postmaster, whose processes all quit
     * at once, without a checkpoint; the next start replays the WAL. Connections just drop. (Signalled
     * directly: pg_ctl refuses to run as root, which a CI container often is.)
     */
    public synchronized void crash() throws IOException, InterruptedException {
        if (running == null) {
            return;
        }
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid)
                .orElseThrow(() -> new IOException("No postmaster " + pid + " (postmaster.pid)"));
        Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes());
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -QUIT " + pid + " failed: " + output);
        }
        try {
            postmaster.onExit().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("PostgreSQL did not quit on SIGQUIT within 60 s", e);
        }
        EmbeddedPostgres pg = running;
        running = null;
        close(pg); // its pg_ctl stop finds no server; this releases the data directory's lock
    }

    /** Starts the server again on the same port and data (after {@link #stop} or {@link #crash}). */
    public synchronized void startAgain() throws IOException {
        if (running != null) {
            return;
        }
        Files.createDirectories(dataDir);
        running = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(workDir.toFile())
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "300")
                // zonky's default is off, which lets a crash lose commits already acknowledged: not a fault
                // HotCRM can be asked to survive
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    private static void close(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            System.err.println("devstack: while stopping PostgreSQL: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        stop();
        try (Stream<Path> paths = Files.walk(workDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
