package com.hotcrm.records.repository;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.records.support.Api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Every session is bounded: a write stuck behind a lock gives up and tells the client to retry. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class SessionBoundsTest {

    @Inject
    Pool pool;

    @Test
    void theServicesSessionsCarryTheConfiguredTimeouts() {
        var row = pool.query("SELECT current_setting('statement_timeout') AS st, current_setting('lock_timeout') AS lt, "
                + "current_setting('idle_in_transaction_session_timeout') AS it").execute()
                .await().atMost(Duration.ofSeconds(5)).iterator().next();
        assertEquals("30s", row.getString("st"));
        assertEquals("10s", row.getString("lt"));
        assertEquals("1min", row.getString("it"));
    }

    @Test
    void aWriteWaitingOnALockedRowAnswers503WithRetryAfterAndNoSql() {
        String id = Api.account("Locked Elsewhere");
        SqlConnection holder = pool.getConnection().await().atMost(Duration.ofSeconds(5));
        try {
            holder.query("BEGIN").execute().await().atMost(Duration.ofSeconds(5));
            holder.preparedQuery("SELECT 1 FROM crm.account WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                    .await().atMost(Duration.ofSeconds(5));

            given().contentType(ContentType.JSON).body(Map.of("Phone", "+1-555-0142"))
                    .when().patch("/v1/accounts/" + id)
                    .then().statusCode(503)
                    .header("Retry-After", equalTo("1"))
                    .body("error.code", equalTo("SERVER_ERROR"))
                    .body("error.message", containsStringIgnoringCase("try again"))
                    .body("error.message", not(containsStringIgnoringCase("select")));
        } finally {
            holder.query("ROLLBACK").execute().await().atMost(Duration.ofSeconds(5));
            holder.close().await().atMost(Duration.ofSeconds(5));
        }
        given().contentType(ContentType.JSON).body(Map.of("Phone", "+1-555-0142"))
                .when().patch("/v1/accounts/" + id)
                .then().statusCode(200)
                .body("Phone", equalTo("+1-555-0142"));
    }
}
