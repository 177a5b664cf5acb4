package com.hotcrm.ai;

import com.hotcrm.ai.support.FakeQueryService;
import com.hotcrm.devstack.testing.JwtTestResource;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every test of this module runs against a service that verifies access tokens, and sends the test
 * admin's token unless it says otherwise (see {@link JwtTestResource}), over real PostgreSQL and Kafka, with
 * {@link FakeQueryService} in place of query-service.
 */
@WithTestResource(value = JwtTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeQueryService.class, scope = TestResourceScope.GLOBAL)
public final class TestAuthentication {

    private TestAuthentication() {
    }
}
