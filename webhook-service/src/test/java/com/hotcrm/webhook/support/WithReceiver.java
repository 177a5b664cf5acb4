package com.hotcrm.webhook.support;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.hotcrm.devstack.testing.FakeWebhookReceiver;

/** A test class with one real local webhook subscriber, started before its tests and stopped after them. */
public abstract class WithReceiver {

    protected static FakeWebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = FakeWebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }
}
