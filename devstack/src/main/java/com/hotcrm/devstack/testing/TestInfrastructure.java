package com.hotcrm.devstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.UUID;

import com.hotcrm.devstack.kafka.KafkaBroker;
import com.hotcrm.devstack.postgres.PostgresLocator;
import com.hotcrm.devstack.postgres.PostgresServer;

/**
 * The real infrastructure of one test JVM, made once and shared by every test in it: a fresh database
 * with a unique name on the PostgreSQL that {@link PostgresLocator} finds (dropped when the JVM ends),
 * and a Kafka broker ({@code KAFKA_BOOTSTRAP_SERVERS} when set, else one started here and stopped at the end).
 */
public final class TestInfrastructure {

    /** A database made for this test run. */
    public record Database(PostgresServer server, String name) {
        public String url() {
            return server.url(name);
        }

        public String jdbcUrl() {
            return server.jdbcUrl(name);
        }
    }

    private static Database database;
    private static String kafkaBootstrap;

    private TestInfrastructure() {
    }

    public static synchronized Database database() {
        if (database == null) {
            try {
                PostgresLocator.Located located = PostgresLocator.locate(System.getenv(), null);
                String name = "hotcrm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                        .toLowerCase(Locale.ROOT);
                located.server().createDatabaseIfMissing(name);
                database = new Database(located.server(), name);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        located.server().dropDatabase(name);
                        located.close();
                    } catch (Exception e) {
                        System.err.println("Could not drop test database " + name + ": " + e.getMessage());
                    }
                }, "drop-test-database"));
            } catch (IOException e) {
                throw new UncheckedIOException("No PostgreSQL for the tests", e);
            }
        }
        return database;
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrap == null) {
            String configured = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (configured != null && !configured.isBlank()) {
                kafkaBootstrap = configured;
            } else {
                try {
                    KafkaBroker broker = KafkaBroker.start(Files.createTempDirectory("hotcrm-test-kafka"), 0);
                    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "stop-test-kafka"));
                    kafkaBootstrap = broker.bootstrapServers();
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not start a Kafka broker for the tests", e);
                }
            }
        }
        return kafkaBootstrap;
    }
}
