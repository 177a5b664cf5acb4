package com.hotcrm.webhook.rest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.webhook.support.Webhooks;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** webhook-service with HOTCRM_WEBHOOKS_ALLOWED_PORTS=443: subscriber URLs on any other port are refused. */
@QuarkusTest
@TestProfile(WebhookPortsTest.Only443.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class WebhookPortsTest {

    public static class Only443 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hotcrm.webhooks.allowed-ports", "443");
        }
    }

    @Test
    void urlsOnAPortNotAllowedAreRefusedNamingTheSetting() {
        for (String url : List.of("https://hooks.example.com:8443/hook", "https://127.0.0.1:6379/hook",
                "http://127.0.0.1/hook")) {
            Webhooks.create(Webhooks.body("Account", List.of("create"), url)).statusCode(400)
                    .body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.details[0].field", equalTo("url"))
                    .body("error.details[0].message", containsString("HOTCRM_WEBHOOKS_ALLOWED_PORTS"));
        }
        // 443, explicit or implied by https, passes (127.0.0.1 is an allowed host in the tests)
        Webhooks.create(Webhooks.body("Account", List.of("create"), "https://127.0.0.1/hook")).statusCode(201);
        Webhooks.create(Webhooks.body("Account", List.of("create"), "https://127.0.0.1:443/hook")).statusCode(201);
    }
}
