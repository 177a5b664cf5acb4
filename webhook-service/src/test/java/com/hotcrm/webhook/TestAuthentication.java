package com.hotcrm.webhook;

import com.hotcrm.devstack.testing.JwtTestResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every test of this module runs against a service that verifies access tokens, and sends the test
 * admin's token unless it says otherwise (see {@link JwtTestResource}).
 */
@WithTestResource(value = JwtTestResource.class, scope = TestResourceScope.GLOBAL)
public final class TestAuthentication {

    private TestAuthentication() {
    }
}
