package com.hotcrm.sdk;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test of the client against a fresh {@link FakeApi}: {@code client} holds an API key and calls {@code api}. */
abstract class FakeApiClientTest {

    FakeApi api;
    HotCRMClient client;

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
        client = HotCRMClient.builder().apiKey("hcrm_test_key").baseUrl(api.url()).build();
    }

    @AfterEach
    void stop() {
        api.close();
    }
}
