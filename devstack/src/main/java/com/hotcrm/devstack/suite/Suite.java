package com.hotcrm.devstack.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.hotcrm.devstack.Ports;
import com.hotcrm.devstack.ProcessLogs;
import com.hotcrm.devstack.kafka.KafkaBroker;
import com.hotcrm.devstack.postgres.PostgresLocator;
import com.hotcrm.devstack.postgres.RestartablePostgres;
import com.hotcrm.devstack.redis.RedisLocator;

/**
 * The whole suite running on this machine: PostgreSQL (found or embedded), a Kafka broker, and the six
 * services as separate JVMs from their packaged {@code quarkus-app}s, each logging to its own file.
 * {@link #start} returns once every service answers UP on {@code /q/health/ready}; {@link #close()} stops
 * everything it started, in reverse order.
 */
public final class Suite implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(600);
    /** The topics the services publish to (records-service and auth-service), made before anyone subscribes. */
    static final List<String> TOPICS = List.of("hotcrm.record-changes", "hotcrm.user-changes");

    /**
     * How to run the suite.
     *
     * @param root the project's root folder (where the modules are)
     * @param stateDir where logs, Kafka data and an embedded database's data go
     * @param database the database the services share; created if missing
     * @param throwAway true for a test run: free ports, a fresh Kafka, and the database dropped at the end
     * @param env the environment to read HOTCRM_DB_URL, KAFKA_BOOTSTRAP_SERVERS... from, and to pass on
     * @param ownPostgres true for an embedded PostgreSQL of this suite's own that {@link #stopPostgres} and
     *                    {@link #startPostgres} may take down and bring back (the fault suite), whatever
     *                    HOTCRM_DB_URL or the machine's server say: those are shared and never restarted
     */
    public record Options(Path root, Path stateDir, String database, boolean throwAway, Map<String, String> env,
            boolean ownPostgres) {

        public Options(Path root, Path stateDir, String database, boolean throwAway, Map<String, String> env) {
            this(root, stateDir, database, throwAway, env, false);
        }
    }

    private final Options options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<Service, Process> processes = new EnumMap<>(Service.class);
    /** The log of each service's current process: its first one's, or a restart's own. */
    private final Map<Service, Path> restartedLogs = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private PostgresLocator.Located postgres;
    private RestartablePostgres ownPostgres;
    private String kafkaBootstrap;
    private KafkaBroker broker;
    private Path kafkaDir;
    private AdminLogin admin;

    private Suite(Options options) {
        this.options = options;
    }

    public static Suite start(Options options, Consumer<String> progress) throws IOException {
        Suite suite = new Suite(options);
        try {
            suite.startAll(progress);
            return suite;
        } catch (IOException | RuntimeException e) {
            suite.close();
            throw e;
        }
    }

    public String gatewayUrl() {
        return "http://localhost:" + ports.get(Service.GATEWAY);
    }

    public int port(Service service) {
        return ports.get(service);
    }

    /** The log of the service's current process (after {@link #restart}, the restarted one's). */
    public Path logFile(Service service) {
        return restartedLogs.getOrDefault(service, logs().resolve(service.module() + ".log"));
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrap;
    }

    /** The first admin's credentials, as passed to auth-service. */
    public AdminLogin admin() {
        return admin;
    }

    public PostgresLocator.Located postgres() {
        return postgres;
    }

    /** The database the services share, for a test that compares what they did with what is stored. */
    public String database() {
        return options.database();
    }

    /** Every process this suite started (services and broker), for a supervisor that must not leak them. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        if (broker != null) {
            pids.add(broker.pid());
        }
        processes.values().forEach(p -> pids.add(p.pid()));
        return pids;
    }

    private Path logs() {
        return options.stateDir().resolve("logs");
    }

    private void startAll(Consumer<String> progress) throws IOException {
        Files.createDirectories(logs());
        Path kafkaDir = options.stateDir().resolve("kafka");
        if (options.throwAway()) {
            Path temporary = Files.createTempDirectory("hotcrm-kafka");
            started.add(() -> deleteTree(temporary));
            kafkaDir = temporary;
        }
        if (options.ownPostgres()) {
            ownPostgres = RestartablePostgres.start();
            postgres = new PostgresLocator.Located(ownPostgres.server(),
                    "an embedded PostgreSQL of the suite's own on port " + ownPostgres.port() + " (restartable)",
                    ownPostgres);
        } else {
            postgres = PostgresLocator.locate(options.env(),
                    options.throwAway() ? null : options.stateDir().resolve("postgres"));
        }
        started.add(postgres);
        progress.accept("PostgreSQL: " + postgres.origin());
        postgres.server().createDatabaseIfMissing(options.database());
        if (options.throwAway()) {
            started.add(() -> postgres.server().dropDatabase(options.database()));
        }

        kafkaBootstrap = options.env().get("KAFKA_BOOTSTRAP_SERVERS");
        if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
            this.kafkaDir = kafkaDir;
            broker = KafkaBroker.start(kafkaDir, options.throwAway() ? 0 : 9092);
            started.add(broker);
            broker.createTopics(TOPICS);
            kafkaBootstrap = broker.bootstrapServers();
            progress.accept("Kafka: a broker at " + kafkaBootstrap + " (log " + broker.log() + ")");
        } else {
            progress.accept("Kafka: " + kafkaBootstrap + " (KAFKA_BOOTSTRAP_SERVERS)");
        }

        admin = AdminLogin.resolve(options.env(), options.stateDir());
        for (Service service : Service.values()) {
            ports.put(service, options.throwAway() ? Ports.free() : service.defaultPort());
        }
        for (Service service : Service.values()) {
            Process process = launch(service);
            processes.put(service, process);
            started.add(() -> ProcessLogs.stop(process, 30));
        }
        awaitReady(progress);
    }

    private Process launch(Service service) throws IOException {
        return launch(service, ports.get(service), logFile(service));
    }

    private Process launch(Service service, int port, Path log) throws IOException {
        Path jar = options.root().resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IOException("No " + jar + ": build first with ./mvnw -B package -DskipTests");
        }
        if (Ports.listening("127.0.0.1", port)) {
            throw new IOException("Port " + port + " for " + service.module()
                    + " is taken: is the suite already running? (./hotcrm down)");
        }
        ProcessBuilder builder = new ProcessBuilder(ProcessLogs.javaBinary(), "-Xms64m", "-Xmx512m",
                "-jar", jar.toString())
                .directory(options.root().resolve(service.module()).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(serviceEnvironment(port));
        return builder.start();
    }

    /**
     * Starts one more gateway on a free port, configured like the first (same services, same Redis), as a
     * second replica would be; it stops with the suite. Its URL.
     */
    public String startGatewayReplica() throws IOException {
        int port = Ports.free();
        Path log = logs().resolve("gateway-" + port + ".log");
        Process process = launch(Service.GATEWAY, port, log);
        started.add(() -> ProcessLogs.stop(process, 30));
        awaitReady(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), "gateway replica", process,
                port, log, System.nanoTime() + READY_TIMEOUT.toNanos());
        return "http://localhost:" + port;
    }

    /**
     * Kills a service's process at once (SIGKILL: no shutdown hooks, as a crash or an OOM kill would), for
     * tests of what survives that; {@link #restart} starts it again.
     */
    public void kill(Service service) throws InterruptedException {
        Process process = processes.get(service);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Freezes the suite's Kafka broker (SIGSTOP): connections stay open, nothing answers. */
    public void freezeKafka() {
        ownBroker().freeze();
    }

    public void thawKafka() {
        ownBroker().thaw();
    }

    /** Kills the suite's Kafka broker (SIGKILL); {@link #restartKafka} starts it again on its port and data. */
    public void killKafka() {
        ownBroker().kill();
    }

    public void restartKafka() throws IOException {
        ownBroker();
        int port = Integer.parseInt(kafkaBootstrap.substring(kafkaBootstrap.lastIndexOf(':') + 1));
        broker = KafkaBroker.start(kafkaDir, port);
        started.add(broker);
    }

    /**
     * Takes the suite's own PostgreSQL down while the services keep running: a fast shutdown (sessions
     * ended with admin_shutdown, a checkpoint) or, with {@code crash}, {@code pg_ctl stop -m immediate} (every
     * server process quits at once; the next start replays the WAL). {@link #startPostgres} brings it back on
     * the same port and data. Only with {@link Options#ownPostgres()}.
     */
    public void stopPostgres(boolean crash) throws IOException, InterruptedException {
        if (crash) {
            restartablePostgres().crash();
        } else {
            restartablePostgres().stop();
        }
    }

    /** Starts the suite's own PostgreSQL again; returns once it accepts connections. */
    public void startPostgres() throws IOException {
        restartablePostgres().startAgain();
    }

    public boolean isPostgresRunning() {
        return ownPostgres == null || ownPostgres.isRunning();
    }

    private RestartablePostgres restartablePostgres() {
        if (ownPostgres == null) {
            throw new IllegalStateException("The suite runs on a shared PostgreSQL (" + postgres.origin()
                    + "), which is never restarted: start it with Options.ownPostgres");
        }
        return ownPostgres;
    }

    private KafkaBroker ownBroker() {
        if (broker == null) {
            throw new IllegalStateException("The suite uses KAFKA_BOOTSTRAP_SERVERS, not a broker of its own");
        }
        return broker;
    }

    /** Starts a killed service again on its port, logging to a new file; returns once it is ready. */
    public void restart(Service service) throws IOException {
        int port = ports.get(service);
        Path log = logs().resolve(service.module() + "-restarted-" + System.currentTimeMillis() + ".log");
        Process process = launch(service, port, log);
        restartedLogs.put(service, log);
        processes.put(service, process);
        started.add(() -> ProcessLogs.stop(process, 30));
        awaitReady(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), service.module(), process,
                port, log, System.nanoTime() + READY_TIMEOUT.toNanos());
    }

    private Map<String, String> serviceEnvironment(int port) {
        Map<String, String> env = new HashMap<>(options.env());
        // local runs use the dev profile: no secrets demanded, local defaults (see each application.properties)
        env.putIfAbsent("QUARKUS_PROFILE", "dev");
        // Flyway's connection at start waits longer than Agroal's 5 s: on a loaded machine (several suites
        // starting at once) the first connection can take that long, and the service would exit
        env.putIfAbsent("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "60s");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("HOTCRM_DB_URL", postgres.server().url(options.database()));
        env.put("HOTCRM_DB_USER", postgres.server().user());
        env.put("HOTCRM_DB_PASSWORD", postgres.server().password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        RedisLocator.locate(options.env()).ifPresent(url -> env.put("HOTCRM_REDIS_URL", url));
        env.put("HOTCRM_ADMIN_EMAIL", admin.email());
        env.put("HOTCRM_ADMIN_PASSWORD", admin.password());
        env.putIfAbsent("HOTCRM_JWT_KEY_DIR", options.stateDir().resolve("auth-keys").toAbsolutePath().toString());
        for (Service upstream : Service.values()) {
            if (upstream.urlVariable() != null) {
                env.put(upstream.urlVariable(), "http://localhost:" + ports.get(upstream));
            }
        }
        return env;
    }

    private void awaitReady(Consumer<String> progress) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (Service service : Service.values()) {
            awaitReady(http, service.module(), processes.get(service), ports.get(service), logFile(service), deadline);
            progress.accept(service.module() + " ready on port " + ports.get(service));
        }
    }

    private static void awaitReady(HttpClient http, String name, Process process, int port, Path log, long deadline)
            throws IOException {
        URI ready = URI.create("http://localhost:" + port + "/q/health/ready");
        while (!isUp(http, ready)) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + ":\n" + ProcessLogs.tail(log, 40));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " not ready after " + READY_TIMEOUT.toSeconds() + " s:\n"
                        + ProcessLogs.tail(log, 40));
            }
            sleep();
        }
    }

    private static boolean isUp(HttpClient http, URI ready) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the suite", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("devstack: while stopping: " + e.getMessage());
            }
        }
        started.clear();
    }
}
