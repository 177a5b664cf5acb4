package com.hotcrm.devstack.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a Quarkus test's Kafka clients at this test run's real broker. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", TestInfrastructure.kafkaBootstrapServers());
    }

    @Override
    public void stop() {
        // the broker lives until the test JVM ends
    }
}
