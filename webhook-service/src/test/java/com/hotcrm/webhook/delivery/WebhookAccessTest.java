package com.hotcrm.webhook.delivery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.testing.FakeWebhookReceiver;
import com.hotcrm.devstack.testing.FakeWebhookReceiver.Request;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.webhook.service.DeliveryAudience;
import com.hotcrm.webhook.support.CrmFixture;
import com.hotcrm.webhook.support.WithReceiver;
import com.hotcrm.webhook.support.Webhooks;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A webhook delivers only what its owner may see when the change fans out: records they can read now, and
 * only the fields their role sees. Changes come from the real broker, callbacks go to a real local
 * subscriber; an admin's webhook on the same object shows every event was processed, so a missing callback
 * is one that was withheld, not one still on its way.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class WebhookAccessTest extends WithReceiver {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    CrmFixture crm;


    @BeforeEach
    void crm() {
        crm = CrmFixture.ensure();
    }

    static String user(String name) {
        return "usr_" + name + System.nanoTime();
    }

    static String token(String userId, String role) {
        return TestTokens.user(userId, role, "Standard");
    }

    /** A webhook made by {@code token} (null: the admin) on every change of {@code object}; its id. */
    static String hook(String token, String object, String path) {
        var request = token == null ? given() : given().auth().oauth2(token);
        return request.contentType(ContentType.JSON).body(Webhooks.body(object, List.of("create", "update", "delete"),
                receiver.url(path))).when().post("/v1/webhooks").then().statusCode(201).extract().path("id");
    }

    static Map<String, Object> account(String id, String ownerId, String name, long revenue) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("Id", id);
        record.put("Name", name);
        record.put("AnnualRevenue", revenue);
        record.put("Industry", "Technology");
        record.put("OwnerId", ownerId);
        return record;
    }

    static void publish(ChangeEvent.Kind kind, String object, Map<String, Object> record, List<String> changed) throws Exception {
        Webhooks.publish(ChangeEvent.of("/hotcrm/records-service", kind, object, (String) record.get("Id"), record, changed, CrmFixture.ADMIN, Instant.now()));
    }

    /** Waits for the admin's webhook (which gets every event) to have {@code count} callbacks: all were fanned out. */
    static List<Request> allFannedOut(String adminPath, int count) throws InterruptedException {
        List<Request> requests = receiver.awaitTo(adminPath, count, WAIT);
        assertEquals(count, requests.size(), "the admin's webhook receives every event");
        return requests;
    }

    /** The deliveries stored for a webhook: what it will ever be sent. */
    long stored(String hookId) {
        return pool.preparedQuery("SELECT count(*) FROM webhook.delivery WHERE endpoint_id = $1").execute(Tuple.of(hookId))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    List<JsonNode> bodies(String path, int count) throws Exception {
        List<Request> requests = receiver.awaitTo(path, count, WAIT);
        assertEquals(count, requests.size(), "callbacks to " + path);
        List<JsonNode> bodies = new java.util.ArrayList<>();
        for (Request request : requests) {
            bodies.add(json.readTree(request.body()));
        }
        return bodies;
    }

    @Test
    void aRepsWebhookGetsTheRecordsTheRepCanReadWithoutTheFieldsHiddenFromTheRole() throws Exception {
        String rep = user("rep");
        String other = user("other");
        String manager = user("mgr");
        crm.user(rep, "sales_rep", manager, true);
        crm.user(other, "sales_rep", null, true);
        crm.user(manager, "sales_manager", null, true);
        crm.hide("Account", "AnnualRevenue", "sales_rep");
        try {
            String repHook = hook(token(rep, "sales_rep"), "Account", "/rep-reads");
            String adminHook = hook(null, "Account", "/admin-reads");
            String own = RecordIds.next("acc");
            String others = RecordIds.next("acc");
            String shared = RecordIds.next("acc");
            crm.record("account", own, rep);
            crm.record("account", others, other);
            crm.record("account", shared, other);
            crm.share(shared, rep, "Account");
            publish(ChangeEvent.Kind.CREATED, "Account", account(own, rep, "Own Co", 1000), List.of("Name", "AnnualRevenue"));
            publish(ChangeEvent.Kind.CREATED, "Account", account(others, other, "Others Co", 2000), List.of("Name"));
            publish(ChangeEvent.Kind.CREATED, "Account", account(shared, other, "Shared Co", 3000), List.of("Name"));
            // an update of a field hidden from the rep alone tells the rep nothing: not sent to them
            publish(ChangeEvent.Kind.UPDATED, "Account", account(own, rep, "Own Co", 1500), List.of("AnnualRevenue"));
            publish(ChangeEvent.Kind.UPDATED, "Account", account(own, rep, "Own Co Renamed", 1600), List.of("Name", "AnnualRevenue"));

            List<Request> admin = allFannedOut("/admin-reads", 5);
            assertTrue(admin.stream().allMatch(r -> r.body().contains("AnnualRevenue")), "the admin sees every field");
            assertEquals(3, stored(repHook), "the rep's own record (create and a visible update) and the one shared with them");
            List<JsonNode> repBodies = bodies("/rep-reads", 3);
            Set<String> ids = repBodies.stream().map(b -> b.get("recordId").asText()).collect(Collectors.toSet());
            assertEquals(Set.of(own, shared), ids);
            for (JsonNode body : repBodies) {
                assertFalse(body.get("data").has("AnnualRevenue"), "hidden from sales_rep: " + body);
                assertTrue(body.get("data").has("Name"));
                assertFalse(body.get("changed").toString().contains("AnnualRevenue"), body.toString());
            }
            JsonNode renamed = repBodies.stream().filter(b -> "update".equals(b.get("type").asText())).findFirst().orElseThrow();
            assertEquals("[\"Name\"]", renamed.get("changed").toString());
            assertEquals("Own Co Renamed", renamed.at("/data/Name").asText());

            // the manager above the rep reaches the rep's records through the hierarchy, and sees the hidden field
            String managerHook = hook(token(manager, "sales_manager"), "Account", "/manager-reads");
            publish(ChangeEvent.Kind.UPDATED, "Account", account(own, rep, "Own Co Again", 1700), List.of("Name"));
            allFannedOut("/admin-reads", 6);
            JsonNode seenByManager = bodies("/manager-reads", 1).get(0);
            assertEquals(own, seenByManager.get("recordId").asText());
            assertEquals(1700, seenByManager.at("/data/AnnualRevenue").asInt());
            delete(managerHook);
            delete(repHook);
            delete(adminHook);
        } finally {
            crm.resetAccess("Account");
        }
    }

    @Test
    void noMoreCallbacksOnceThePermissionIsRevokedTheRecordIsUnreadableOrTheObjectPrivate() throws Exception {
        String rep = user("rep");
        String other = user("other");
        crm.user(rep, "sales_rep", null, true);
        crm.user(other, "sales_rep", null, true);
        String repHook = hook(token(rep, "sales_rep"), "Account", "/rep-revoked");
        String adminHook = hook(null, "Account", "/admin-revoked");
        String account = RecordIds.next("acc");
        crm.record("account", account, rep);
        try {
            publish(ChangeEvent.Kind.UPDATED, "Account", account(account, rep, "Mine", 1), List.of("Name"));
            allFannedOut("/admin-revoked", 1);
            bodies("/rep-revoked", 1);

            crm.permissions("Account", "sales_rep", false, false);
            publish(ChangeEvent.Kind.UPDATED, "Account", account(account, rep, "Mine, unreadable", 2), List.of("Name"));
            allFannedOut("/admin-revoked", 2);
            assertEquals(1, stored(repHook), "no read permission on Account: nothing more");
            crm.resetAccess("Account");

            crm.record("account", account, other);
            publish(ChangeEvent.Kind.UPDATED, "Account", account(account, other, "Given away", 3), List.of("OwnerId"));
            allFannedOut("/admin-revoked", 3);
            assertEquals(1, stored(repHook), "the record now belongs to someone else: nothing more");

            // Product is public read-only: the rep hears of everyone's products until the admin makes it private
            String productHook = hook(token(rep, "sales_rep"), "Product", "/rep-products");
            String adminProducts = hook(null, "Product", "/admin-products");
            String product = RecordIds.next("prod");
            crm.record("product", product, other);
            Map<String, Object> record = Map.of("Id", product, "Name", "Widget", "OwnerId", other);
            publish(ChangeEvent.Kind.UPDATED, "Product", record, List.of("Name"));
            allFannedOut("/admin-products", 1);
            bodies("/rep-products", 1);
            crm.sharing("Product", "private");
            publish(ChangeEvent.Kind.UPDATED, "Product", record, List.of("Name"));
            allFannedOut("/admin-products", 2);
            assertEquals(1, stored(productHook), "Product private now, and this one is not the rep's");
            Thread.sleep(500);
            assertEquals(1, receiver.requestsTo("/rep-products").size());
            delete(productHook);
            delete(adminProducts);
        } finally {
            crm.resetAccess("Account");
            crm.resetAccess("Product");
        }
        assertEquals(1, receiver.requestsTo("/rep-revoked").size(), "the subscriber counted one callback in all");
        delete(repHook);
        delete(adminHook);
    }

    @Test
    void anInactiveOwnersWebhooksAreDisabledAndSayWhy() throws Exception {
        String rep = user("rep");
        crm.user(rep, "sales_rep", null, true);
        String repHook = hook(token(rep, "sales_rep"), "Account", "/rep-inactive");
        String adminHook = hook(null, "Account", "/admin-inactive");
        String account = RecordIds.next("acc");
        crm.record("account", account, rep);
        publish(ChangeEvent.Kind.UPDATED, "Account", account(account, rep, "Mine", 1), List.of("Name"));
        allFannedOut("/admin-inactive", 1);
        bodies("/rep-inactive", 1);

        crm.user(rep, "sales_rep", null, false);
        publish(ChangeEvent.Kind.UPDATED, "Account", account(account, rep, "Mine still", 2), List.of("Name"));
        allFannedOut("/admin-inactive", 2);
        assertEquals(1, stored(repHook));
        given().when().get("/v1/webhooks/" + repHook).then().statusCode(200)
                .body("active", equalTo(false)).body("disabledReason", equalTo(DeliveryAudience.OWNER_INACTIVE));
        given().when().get("/v1/webhooks/" + adminHook).then().statusCode(200).body("active", equalTo(true));
        assertEquals(1, receiver.requestsTo("/rep-inactive").size());
        delete(repHook);
        delete(adminHook);
    }

    @Test
    void aDeleteGoesToThoseWhoCouldReadTheRecordItWas() throws Exception {
        String rep = user("rep");
        String other = user("other");
        crm.user(rep, "sales_rep", null, true);
        crm.user(other, "sales_rep", null, true);
        String repHook = hook(token(rep, "sales_rep"), "Account", "/rep-deletes");
        String adminHook = hook(null, "Account", "/admin-deletes");
        // the rows are gone already, as they are when a delete event arrives
        String own = RecordIds.next("acc");
        String others = RecordIds.next("acc");
        publish(ChangeEvent.Kind.DELETED, "Account", account(others, other, "Not mine", 1), List.of());
        publish(ChangeEvent.Kind.DELETED, "Account", account(own, rep, "Mine", 1), List.of());
        allFannedOut("/admin-deletes", 2);
        List<JsonNode> deletes = bodies("/rep-deletes", 1);
        assertEquals(own, deletes.get(0).get("recordId").asText());
        assertEquals("delete", deletes.get(0).get("type").asText());
        assertEquals(1, stored(repHook));
        delete(repHook);
        delete(adminHook);
    }

    static void delete(String hookId) {
        given().when().delete("/v1/webhooks/" + hookId).then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(204)));
    }
}
