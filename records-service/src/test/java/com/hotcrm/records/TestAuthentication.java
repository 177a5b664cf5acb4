package com.hotcrm.records;

import com.hotcrm.devstack.testing.JwtTestResource;
import com.hotcrm.records.support.FakeAuthService;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every test of this module runs against a service that verifies access tokens, and sends the test
 * admin's token unless it says otherwise (see {@link JwtTestResource}), with {@link FakeAuthService} in
 * place of auth-service's internal user list.
 */
@WithTestResource(value = JwtTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeAuthService.class, scope = TestResourceScope.GLOBAL)
public final class TestAuthentication {

    private TestAuthentication() {
    }
}
