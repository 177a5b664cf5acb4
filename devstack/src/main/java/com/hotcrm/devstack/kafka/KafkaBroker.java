package com.hotcrm.devstack.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import com.hotcrm.devstack.Ports;
import com.hotcrm.devstack.ProcessLogs;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process), run as a
 * separate JVM from the jars Maven resolved for the {@code kafka-broker} module. Start it with
 * {@link #start}; {@link #close()} stops it.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "/com/hotcrm/devstack/kafka/broker-classpath.txt";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final String bootstrapServers;
    private final Path log;

    private KafkaBroker(Process process, String bootstrapServers, Path log) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.log = log;
    }

    /**
     * Starts a broker keeping its data and log under {@code dir}. Data already formatted there is kept,
     * so a broker restarted on the same folder and port finds its topics again.
     *
     * @param port the client port, or 0 for a free one
     */
    public static KafkaBroker start(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        int clientPort = port > 0 ? port : Ports.free();
        int controllerPort = Ports.free();
        Path data = dir.resolve("data");
        Path config = dir.resolve("server.properties");
        Path log = dir.resolve("kafka.log");
        Files.writeString(config, serverProperties(clientPort, controllerPort, data));
        Path log4j = dir.resolve("log4j.properties");
        Files.writeString(log4j, LOG4J);
        // the broker logs through slf4j to reload4j (log4j.properties); log4j2, also on its classpath, is given
        // the same settings, else it prints "ERROR Reconfiguration failed: No configuration found" at start
        Path log4j2 = dir.resolve("log4j2.properties");
        Files.writeString(log4j2, LOG4J2);
        String classpath = brokerClasspath();

        if (!Files.exists(data.resolve("meta.properties"))) {
            runToEnd(List.of(ProcessLogs.javaBinary(), "-cp", classpath, "-Dlog4j.configuration=" + log4j.toUri(),
                    "-Dlog4j2.configurationFile=" + log4j2.toUri(), "kafka.tools.StorageTool", "format", "--standalone", "--ignore-formatted",
                    "-t", Uuid.randomUuid().toString(), "-c", config.toString()), log);
        }
        Process process = new ProcessBuilder(ProcessLogs.javaBinary(), "-Xms128m", "-Xmx768m", "-XX:+UseG1GC",
                "-Djava.awt.headless=true", "-Dlog4j.configuration=" + log4j.toUri(),
                "-Dlog4j2.configurationFile=" + log4j2.toUri(),
                "-cp", classpath, "kafka.Kafka", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        KafkaBroker broker = new KafkaBroker(process, "127.0.0.1:" + clientPort, log);
        try {
            broker.awaitReady();
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /**
     * Freezes the broker (SIGSTOP): its sockets stay open but nothing answers, as when a broker hangs or a
     * network partition swallows packets, which is harder on clients than a refused connection.
     */
    public void freeze() {
        signal("STOP");
    }

    /** Kills the broker at once (SIGKILL), as a crash would; its data stays for a restart. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets a frozen broker run again (SIGCONT). */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates the topics that are not there yet, with the broker's default partitions. Consumers that
     * subscribe before a topic's first event would otherwise log UNKNOWN_TOPIC_OR_PARTITION until a
     * producer auto-creates it.
     */
    public void createTopics(Collection<String> names) throws IOException {
        try (Admin admin = Admin.create(adminConfig())) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream().filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, Optional.empty(), Optional.empty())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Could not create the topics " + names + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while creating the topics " + names, e);
        }
    }

    private Map<String, Object> adminConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        // an admin client asked before the port listens logs a WARN per attempt ("could not be established")
        awaitListening(deadline);
        try (Admin admin = Admin.create(adminConfig())) {
            while (System.nanoTime() < deadline) {
                requireAlive();
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    sleep(250);
                }
            }
        }
        throw new IOException("Kafka broker not ready after " + READY_TIMEOUT.toSeconds() + " s:\n"
                + ProcessLogs.tail(log, 40));
    }

    private void awaitListening(long deadline) throws IOException {
        int port = Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
        while (System.nanoTime() < deadline) {
            requireAlive();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                sleep(250);
            }
        }
    }

    private void requireAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException("Kafka broker exited with " + process.exitValue() + ":\n" + ProcessLogs.tail(log, 40));
        }
    }

    @Override
    public void close() {
        ProcessLogs.stop(process, 30);
    }

    private static String serverProperties(int clientPort, int controllerPort, Path data) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", data.toString());
        p.setProperty("num.partitions", "3");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        StringBuilder out = new StringBuilder("# written by HotCRM devstack\n");
        p.stringPropertyNames().stream().sorted()
                .forEach(k -> out.append(k).append('=').append(p.getProperty(k)).append('\n'));
        return out.toString();
    }

    private static String brokerClasspath() throws IOException {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IOException("No " + CLASSPATH_RESOURCE + " on the classpath: build the kafka-broker module");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            List<String> missing = new ArrayList<>();
            for (String jar : classpath.split(java.io.File.pathSeparator)) {
                if (!Files.exists(Path.of(jar))) {
                    missing.add(jar);
                }
            }
            if (!missing.isEmpty()) {
                throw new IOException("Kafka broker jars missing (run ./mvnw install -DskipTests): " + missing);
            }
            return classpath;
        }
    }

    private static void runToEnd(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("Formatting Kafka storage failed:\n" + ProcessLogs.tail(log, 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while formatting Kafka storage", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }

    private static final String LOG4J = """
            log4j.rootLogger=INFO, stdout
            log4j.appender.stdout=org.apache.log4j.ConsoleAppender
            log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
            log4j.appender.stdout.layout.ConversionPattern=%d{ISO8601} %-5p [%c{1}] %m%n
            log4j.logger.kafka=INFO
            log4j.logger.org.apache.kafka=WARN
            log4j.logger.state.change.logger=WARN
            """;
    private static final String LOG4J2 = """
            appender.stdout.type=Console
            appender.stdout.name=stdout
            appender.stdout.layout.type=PatternLayout
            appender.stdout.layout.pattern=%d{ISO8601} %-5p [%c{1}] %m%n
            rootLogger.level=INFO
            rootLogger.appenderRef.stdout.ref=stdout
            logger.apache.name=org.apache.kafka
            logger.apache.level=WARN
            logger.state.name=state.change.logger
            logger.state.level=WARN
            """;
}
