package com.hotcrm.devstack.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a Quarkus test's datasource (reactive and JDBC) at this test run's own fresh database. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestInfrastructure.Database db = TestInfrastructure.database();
        return Map.of(
                "quarkus.datasource.reactive.url", db.url(),
                "quarkus.datasource.jdbc.url", db.jdbcUrl(),
                "quarkus.datasource.username", db.server().user(),
                "quarkus.datasource.password", db.server().password());
    }

    @Override
    public void stop() {
        // the database lives until the test JVM ends, so that every test class can share it
    }
}
