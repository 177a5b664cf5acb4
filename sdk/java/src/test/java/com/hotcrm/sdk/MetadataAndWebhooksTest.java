package com.hotcrm.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hotcrm.sdk.FakeApi.Response;

/** Metadata, webhooks, API tokens and users: paths, bodies and answers. */
class MetadataAndWebhooksTest extends FakeApiClientTest {

    @Test
    void objectsAndTheirSchemas() {
        api.on("GET", "/metadata/objects", request -> Response.ok("""
                {"objects": [{"name": "Account", "label": "Account", "labelPlural": "Accounts", "path": "accounts",
                  "custom": false}, {"name": "User", "label": "User", "path": null, "custom": false}]}"""));
        api.on("GET", "/metadata/objects/Account", request -> Response.ok("""
                {"name": "Account", "label": "Account", "fields": [{"name": "Name", "type": "text",
                 "label": "Account Name", "required": true, "length": 255}], "relationships": [{"name": "Contacts"}],
                 "validationRules": []}"""));

        assertEquals(List.of("Account", "User"), client.metadata().objects().stream().map(o -> o.name()).toList());
        var schema = client.metadata().describe("accounts");
        assertTrue(schema.field("Name").orElseThrow().required());
        assertEquals(255, schema.field("Name").orElseThrow().length());
        assertEquals("Contacts", schema.relationships().get(0).get("name"));
    }

    @Test
    void webhookLifecycle() {
        String hook = """
                {"id": "wh_1", "name": "Opportunity Webhook", "object": "Opportunity", "events": ["create", "update"],
                 "url": "https://myapp.com/webhooks/opportunity", "active": true, "disabledReason": null,
                 "ownerId": "usr_1", "createdAt": "2026-03-15T10:00:00.123456Z", "updatedAt": "2026-03-15T10:00:00Z"%s}""";
        api.on("POST", "/webhooks", request -> Response.json(201, hook.formatted(", \"secret\": \"webhook_secret_key\"")));
        api.on("GET", "/webhooks/wh_1", request -> Response.ok(hook.formatted("")));
        api.on("PATCH", "/webhooks/wh_1", request -> Response.ok(hook.formatted(", \"secret\": \"whsec_new\"")));
        api.on("DELETE", "/webhooks/wh_1", request -> Response.ok("{\"success\":true,\"message\":\"Webhook deleted successfully\"}"));
        api.on("GET", "/webhooks/wh_1/deliveries", request -> Response.ok("""
                {"deliveries": [{"id": "msg_1", "webhookId": "wh_1", "eventId": "e1", "type": "create", "status": "failed",
                  "attempts": 8, "lastResponseCode": 500, "attemptHistory": [{"attempt": 1, "responseCode": 500,
                  "attemptedAt": "2026-03-15T10:00:05Z"}]}], "totalCount": 1, "hasMore": false, "limit": 50, "offset": 0}"""));
        api.on("POST", "/webhooks/wh_1/deliveries/msg_1/retry", request -> Response.json(202, "{\"id\":\"msg_1\",\"status\":\"pending\"}"));
        api.on("POST", "/webhooks/wh_1/test", request -> Response.json(202, "{\"id\":\"msg_2\",\"type\":\"ping\"}"));

        var created = client.webhooks().create(WebhookRequest.of("Opportunity Webhook", "Opportunity",
                List.of("create", "update"), "https://myapp.com/webhooks/opportunity").secret("webhook_secret_key"));
        assertEquals(RecordsTest.json("""
                {"name": "Opportunity Webhook", "object": "Opportunity", "events": ["create", "update"],
                 "url": "https://myapp.com/webhooks/opportunity", "secret": "webhook_secret_key"}"""),
                api.requests().get(0).json());
        assertEquals("webhook_secret_key", created.secret());
        assertEquals(Instant.parse("2026-03-15T10:00:00.123456Z"), created.createdAt());
        assertNull(client.webhooks().get("wh_1").secret());
        assertEquals("whsec_new", client.webhooks().rotateSecret("wh_1").secret());
        assertEquals(RecordsTest.json("{\"rotateSecret\":true}"), api.requests().get(2).json());
        var deliveries = client.webhooks().deliveries("wh_1", "failed", 50, null);
        assertEquals(Map.of("status", "failed", "limit", "50"), api.requests().get(3).query());
        assertEquals(500, deliveries.items().get(0).attemptHistory().get(0).responseCode());
        assertEquals("pending", client.webhooks().retry("wh_1", "msg_1").status());
        assertEquals("ping", client.webhooks().test("wh_1").type());
        assertTrue(client.webhooks().delete("wh_1").success());
    }

    @Test
    void apiTokensAndUsers() {
        api.on("POST", "/auth/api-tokens", request -> Response.json(201, """
                {"id": "tok_1", "userId": "usr_1", "name": "nightly export", "prefix": "hcrm_abc", "tier": "Standard",
                 "createdAt": "2026-03-15T10:00:00.123456789Z", "expiresAt": null, "token": "hcrm_abc_secret"}"""));
        api.on("GET", "/auth/api-tokens", request -> Response.ok("{\"records\":[{\"id\":\"tok_1\",\"prefix\":\"hcrm_abc\"}]}"));
        api.on("DELETE", "/auth/api-tokens/tok_1", request -> new Response(204, "", Map.of()));
        api.on("GET", "/users/me", request -> Response.ok("{\"Id\":\"usr_1\",\"Name\":\"Admin\",\"Role\":\"admin\"}"));
        api.on("POST", "/users", request -> Response.json(201, "{\"Id\":\"usr_2\",\"Name\":\"Rita\",\"Role\":\"sales_rep\"}"));

        var token = client.apiTokens().create("nightly export");
        assertEquals("hcrm_abc_secret", token.token());
        assertEquals("tok_1", client.apiTokens().list(true).get(0).id());
        assertEquals("true", api.requests().get(1).query().get("all"));
        client.apiTokens().revoke("tok_1");
        assertEquals("admin", client.users().me().getRole());
        var rita = client.users().create(Map.of("Name", "Rita", "Email", "rita@example.com", "Password", "long-password-1",
                "Role", "sales_rep"));
        assertEquals("usr_2", rita.getId());
    }
}
