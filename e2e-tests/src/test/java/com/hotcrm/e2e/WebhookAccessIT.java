package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.devstack.testing.FakeWebhookReceiver;
import com.hotcrm.devstack.testing.FakeWebhookReceiver.Request;

import io.restassured.http.ContentType;

/**
 * Webhooks deliver what their owner may see now, through the whole suite: a sales rep's webhook gets the
 * records the rep can read, never a field hidden from the rep's role, and nothing more once an admin revokes
 * the object, makes it private or deactivates the rep; a change written by a role with hidden fields is
 * still published whole, so the knowledge index keeps a published article a support agent edits. An admin's
 * webhook on the same object gets every change and so shows each change was fanned out: a callback missing
 * at the rep's subscriber was withheld, not late. Independent of the other ITs' order; deletes its webhooks
 * and puts back every access setting it changes.
 */
@ExtendWith(RunningSuite.class)
class WebhookAccessIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60);
    static FakeWebhookReceiver receiver;
    static final List<String> made = new ArrayList<>();

    record User(String id, String token) {
    }

    @BeforeAll
    static void start() throws Exception {
        receiver = FakeWebhookReceiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** The webhooks a test made go when it ends (as admin): their receiver closes with this class. */
    @AfterEach
    void deleteWebhooks() {
        made.forEach(id -> given().when().delete("/v1/webhooks/" + id).then().statusCode(200));
        made.clear();
    }

    static User user(String role) {
        String email = "whaccess-" + role + "-" + UUID.randomUUID() + "@example.com";
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("Name", role + " with webhooks", "Email", email, "Password", "webhook-access-1", "Role", role))
                .when().post("/v1/users").then().statusCode(201).extract().path("Id");
        String token = given().auth().none().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "webhook-access-1"))
                .when().post("/v1/auth/token").then().statusCode(200).extract().path("token");
        return new User(id, token);
    }

    /** A webhook on every change of {@code object}, made by {@code token} (null: the admin). */
    static String webhook(String token, String object, String path) {
        var request = token == null ? given() : given().auth().oauth2(token);
        String id = request.contentType(ContentType.JSON)
                .body(Map.of("name", object + " access hook", "object", object, "events", List.of("create", "update", "delete"),
                        "url", receiver.url(path)))
                .when().post("/v1/webhooks").then().statusCode(201).extract().path("id");
        made.add(id);
        return id;
    }

    static String create(String token, String path, Map<String, ?> body) {
        var request = token == null ? given() : given().auth().oauth2(token);
        return request.contentType(ContentType.JSON).body(body).when().post("/v1/" + path)
                .then().statusCode(201).extract().path("Id");
    }

    static void patch(String token, String path, String id, Map<String, ?> body) {
        var request = token == null ? given() : given().auth().oauth2(token);
        request.contentType(ContentType.JSON).body(body).when().patch("/v1/" + path + "/" + id).then().statusCode(200);
    }

    static void permissions(String object, Map<String, ?> body) {
        given().contentType(ContentType.JSON).body(body).when().put("/v1/metadata/permissions/" + object).then().statusCode(200);
    }

    /** Whether {@code token}'s user may subscribe to {@code object} now: the status of a try (a webhook made is deleted). */
    static int subscribeStatus(String token, String object) {
        var response = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "probe", "object", object, "events", List.of("update"), "url", receiver.url("/probe")))
                .when().post("/v1/webhooks");
        if (response.statusCode() == 201) {
            given().when().delete("/v1/webhooks/" + response.path("id")).then().statusCode(200);
        }
        return response.statusCode();
    }

    static JsonNode body(Request request) {
        try {
            return JSON.readTree(request.body());
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + request.body(), e);
        }
    }

    /** Waits for the callback of a change of {@code recordId} whose data matches, at {@code path}. */
    static JsonNode callback(String path, String recordId, java.util.function.Predicate<JsonNode> data) throws InterruptedException {
        List<Request> found = receiver.await(r -> r.path().equals(path) && recordId.equals(body(r).path("recordId").asText())
                && data.test(body(r).path("data")), 1, WAIT);
        assertEquals(1, found.size(), "a callback at " + path + " for " + recordId + "; got " + receiver.requestsTo(path));
        return body(found.get(0));
    }

    static List<JsonNode> received(String path) {
        return receiver.requestsTo(path).stream().map(WebhookAccessIT::body).toList();
    }

    static String name(JsonNode body) {
        return body.path("data").path("Name").asText();
    }

    @Test
    void aRepsWebhookGetsOnlyWhatTheRepMaySeeAndNothingOnceRevokedPrivateOrDeactivated() throws Exception {
        User rep = user("sales_rep");
        User other = user("sales_rep");
        String marker = UUID.randomUUID().toString().substring(0, 8);
        permissions("Account", Map.of("fields", Map.of("AnnualRevenue", Map.of("sales_rep", "hidden"))));
        try {
            String repHook = webhook(rep.token(), "Account", "/rep-accounts");
            webhook(null, "Account", "/admin-accounts");

            String own = create(rep.token(), "accounts", Map.of("Name", "Own " + marker, "Industry", "Technology"));
            String others = create(other.token(), "accounts", Map.of("Name", "Others " + marker, "Industry", "Technology"));
            patch(null, "accounts", own, Map.of("Name", "Own renamed " + marker, "AnnualRevenue", 9100000));
            // the admin's webhook sees the whole record, hidden field included
            assertEquals(9100000, callback("/admin-accounts", own, d -> d.path("Name").asText().startsWith("Own renamed"))
                    .at("/data/AnnualRevenue").asInt());
            callback("/admin-accounts", others, d -> true);

            JsonNode renamed = callback("/rep-accounts", own, d -> d.path("Name").asText().startsWith("Own renamed"));
            assertEquals("update", renamed.get("type").asText());
            assertEquals("[\"Name\"]", renamed.get("changed").toString(), "AnnualRevenue changed too, but is hidden from the rep");
            for (JsonNode body : received("/rep-accounts")) {
                assertFalse(body.get("data").has("AnnualRevenue"), "hidden from sales_rep: " + body);
                assertEquals(own, body.get("recordId").asText(), "only the rep's own account: " + body);
            }

            // the admin revokes Account from sales_rep: nothing more about it, even the rep's own account
            permissions("Account", Map.of("roles", Map.of("sales_rep", Map.of("read", false))));
            try {
                // webhook-service has the change once the rep may no longer subscribe to Account
                AiKnowledgeIT.eventually(() -> assertEquals(403, subscribeStatus(rep.token(), "Account")));
                patch(null, "accounts", own, Map.of("Name", "Own while revoked " + marker));
                callback("/admin-accounts", own, d -> d.path("Name").asText().startsWith("Own while revoked"));
            } finally {
                permissions("Account", Map.of("roles", Map.of("sales_rep", Map.of("read", true))));
            }
            AiKnowledgeIT.eventually(() -> assertEquals(201, subscribeStatus(rep.token(), "Account")));
            patch(null, "accounts", own, Map.of("Name", "Own readable again " + marker));
            callback("/rep-accounts", own, d -> d.path("Name").asText().startsWith("Own readable again"));
            assertTrue(received("/rep-accounts").stream().noneMatch(b -> name(b).startsWith("Own while revoked")),
                    "nothing was sent while Account was revoked");

            // the admin deactivates the rep: their webhook is disabled and says why; nothing more arrives
            given().contentType(ContentType.JSON).body(Map.of("IsActive", false)).when().patch("/v1/users/" + rep.id())
                    .then().statusCode(200);
            AiKnowledgeIT.eventually(() -> {
                patch(null, "accounts", own, Map.of("Name", "Own after deactivation " + UUID.randomUUID()));
                given().when().get("/v1/webhooks/" + repHook).then().statusCode(200).body("active", equalTo(false))
                        .body("disabledReason", org.hamcrest.Matchers.containsString("inactive"));
            });
            int before = receiver.requestsTo("/rep-accounts").size();
            patch(null, "accounts", own, Map.of("Name", "Own long after deactivation " + marker));
            callback("/admin-accounts", own, d -> d.path("Name").asText().startsWith("Own long after deactivation"));
            Thread.sleep(1000);
            assertEquals(before, receiver.requestsTo("/rep-accounts").size(), "no callbacks for an inactive owner");
            assertTrue(received("/rep-accounts").stream().noneMatch(b -> others.equals(b.get("recordId").asText())));
        } finally {
            permissions("Account", Map.of("fields", Map.of("AnnualRevenue", Map.of("sales_rep", "visible"))));
        }
    }

    @Test
    void aRepsWebhookHearsOfEveryProductUntilTheAdminMakesProductsPrivate() throws Exception {
        User rep = user("sales_rep");
        String marker = UUID.randomUUID().toString().substring(0, 8);
        webhook(rep.token(), "Product", "/rep-products");
        webhook(null, "Product", "/admin-products");
        String product = create(null, "products", Map.of("Name", "Public widget " + marker));
        callback("/rep-products", product, d -> d.path("Name").asText().startsWith("Public widget"));

        permissions("Product", Map.of("sharing", "private"));
        try {
            // the sharing change reaches webhook-service by the same announcement as query-service: once the rep's
            // list no longer shows the admin's product, it has been applied
            AiKnowledgeIT.eventually(() -> given().auth().oauth2(rep.token()).when().get("/v1/products/" + product)
                    .then().statusCode(404));
            Thread.sleep(1000);
            patch(null, "products", product, Map.of("Name", "Private widget " + marker));
            callback("/admin-products", product, d -> d.path("Name").asText().startsWith("Private widget"));
            Thread.sleep(1000);
            assertTrue(received("/rep-products").stream().noneMatch(b -> name(b).startsWith("Private widget")),
                    "Product is private to the rep now: " + received("/rep-products"));
        } finally {
            permissions("Product", Map.of("sharing", "public_read_only"));
        }
    }

    @Test
    void anUpdateByARoleWithAHiddenFieldIsPublishedWholeAndTheKnowledgeIndexKeepsTheArticle() throws Exception {
        User agent = user("support_agent");
        String marker = UUID.randomUUID().toString().substring(0, 8);
        // the agent's own article (on a public read-only object one edits what one owns), published while they still see IsPublished
        String article = create(agent.token(), "knowledgearticles", Map.of("Title", "Resetting the flux capacitor " + marker,
                "Category", "How-To", "IsPublished", true, "Summary", "Reset it safely.",
                "Body", "1. Power down\n2. Hold reset for ten seconds"));
        permissions("KnowledgeArticle", Map.of("fields", Map.of("IsPublished", Map.of("support_agent", "hidden"))));
        try {
            webhook(null, "KnowledgeArticle", "/admin-articles");
            webhook(agent.token(), "KnowledgeArticle", "/agent-articles");
            AiKnowledgeIT.eventually(() -> given().auth().oauth2(agent.token()).when().get("/v1/knowledgearticles/" + article)
                    .then().statusCode(200).body("$", not(hasKey("IsPublished"))));
            String word = "zyx" + marker;
            given().auth().oauth2(agent.token()).contentType(ContentType.JSON)
                    .body(Map.of("Body", "1. Power down\n2. Hold reset for ten seconds\n3. Recalibrate the " + word))
                    .when().patch("/v1/knowledgearticles/" + article).then().statusCode(200)
                    .body("$", not(hasKey("IsPublished"))).body("Title", equalTo("Resetting the flux capacitor " + marker));

            JsonNode whole = callback("/admin-articles", article, d -> d.path("Body").asText().contains(word));
            assertEquals(agent.id(), whole.get("actorId").asText());
            assertTrue(whole.at("/data/IsPublished").asBoolean(), "the full record, the field hidden from the writer included");
            assertEquals("Resetting the flux capacitor " + marker, whole.at("/data/Title").asText());
            assertEquals("[\"Body\"]", whole.get("changed").toString());
            JsonNode agentsView = callback("/agent-articles", article, d -> d.path("Body").asText().contains(word));
            assertFalse(agentsView.get("data").has("IsPublished"), "the agent's webhook applies the agent's view");

            // the index took the agent's change (the new word finds it) and kept the article published. Searched as
            // the admin: ai-service re-checks hits as the searcher with a filter on IsPublished, which is hidden from
            // support_agent here (a separate defect, reported; the index itself is what this shows)
            AiKnowledgeIT.eventually(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("query", "recalibrate " + word, "limit", 5))
                    .post("/v1/ai/knowledge/search").then().statusCode(200).body("results.id", hasItem(article)));
            Set<String> titles = given().contentType(ContentType.JSON).body(Map.of("query", "flux capacitor " + marker, "limit", 5))
                    .post("/v1/ai/knowledge/search").then().statusCode(200).extract().jsonPath().getList("results.id", String.class)
                    .stream().collect(Collectors.toSet());
            assertTrue(titles.contains(article), "still found by its title: " + titles);
        } finally {
            permissions("KnowledgeArticle", Map.of("fields", Map.of("IsPublished", Map.of("support_agent", "visible"))));
        }
    }
}
