package com.hotcrm.gateway.proxy;

import com.hotcrm.devstack.testing.ServiceContractTests;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class GatewayContractTest extends ServiceContractTests {

    @Override
    protected String serviceName() {
        return "gateway";
    }

    /** The gateway's services are reported by /q/health, not readiness (see UpstreamsHealthCheck). */
    @Override
    protected boolean hasReadinessDependencies() {
        return false;
    }
}
