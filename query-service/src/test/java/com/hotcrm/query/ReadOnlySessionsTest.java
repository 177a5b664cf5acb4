package com.hotcrm.query;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.devstack.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * query-service's connections are read-only sessions: even with a user that may write (the shared
 * HOTCRM_DB_USER it falls back to), nothing it sends can change the database.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ReadOnlySessionsTest {

    @Inject
    Pool pool;

    @Inject
    MetadataRepository metadata;

    @BeforeEach
    void data() {
        CrmFixture.ensure(metadata);
    }

    @ParameterizedTest
    @ValueSource(strings = { "INSERT INTO crm.account (id, name) VALUES ('acc_RO1', 'Written')",
            "UPDATE crm.account SET name = 'Changed'", "DELETE FROM crm.opportunity",
            "CREATE TABLE crm.intruder (id text)", "TRUNCATE crm.contact" })
    void aWriteOnQueryServicesPoolFailsAndChangesNothing(String write) {
        long accounts = count("crm.account");
        long opportunities = count("crm.opportunity");
        Exception plain = assertThrows(Exception.class, () -> pool.query(write).execute().await().atMost(Duration.ofSeconds(5)));
        assertThat(plain.getMessage(), containsString("read-only transaction"));
        Exception inTransaction = assertThrows(Exception.class,
                () -> pool.withTransaction(tx -> tx.query(write).execute()).await().atMost(Duration.ofSeconds(5)));
        assertThat(inTransaction.getMessage(), containsString("read-only transaction"));
        assertEquals(accounts, count("crm.account"));
        assertEquals(opportunities, count("crm.opportunity"));
        assertEquals(0L, single("SELECT count(*) FROM pg_tables WHERE schemaname = 'crm' AND tablename = 'intruder'"));
        assertEquals(0L, single("SELECT count(*) FROM crm.account WHERE name IN ('Written', 'Changed')"));
    }

    private long count(String table) {
        return single("SELECT count(*) FROM " + table);
    }

    private long single(String sql) {
        return CrmFixture.writer().query(sql).execute().await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }
}
