package com.hotcrm.ai;

import com.hotcrm.devstack.testing.ServiceContractTests;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AiServiceContractTest extends ServiceContractTests {

    @Override
    protected String serviceName() {
        return "ai-service";
    }
}
