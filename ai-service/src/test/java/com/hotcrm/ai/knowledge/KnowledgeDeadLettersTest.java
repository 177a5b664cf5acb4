package com.hotcrm.ai.knowledge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hotcrm.ai.support.KnowledgeEvents;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.platform.event.ChangeEvent;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** A malformed record change is parked in ai.dead_letter, and later articles are still indexed. */
@QuarkusTest
class KnowledgeDeadLettersTest {

    static final String DEAD_LETTERS = "/v1/admin/dead-letters/ai";

    static double metric(String name) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(line -> line.startsWith(name + "{") && line.contains("consumer=\"knowledge-indexer\""))
                // the value follows the labels; an exemplar (# {trace_id=...} value timestamp) may follow it
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf("} ") + 2).split(" ")[0]))
                .sum();
    }

    @Test
    void aPoisonEventIsParkedAndLaterArticlesStillIndex() throws Exception {
        double skippedBefore = metric("hotcrm_consumer_skipped_total");
        // not a change event at all
        String garbage = "{\"specversion\":\"1.0\", truncated";
        KnowledgeEvents.publishRaw("KnowledgeArticle:kb_garbage", garbage);
        // an article whose Title is not text: fails the same way every time
        Map<String, Object> malformed = new LinkedHashMap<>();
        malformed.put("Id", "kb_malformed");
        malformed.put("Title", Map.of("en", "Structured titles are not a thing"));
        malformed.put("IsPublished", true);
        ChangeEvent poison = KnowledgeEvents.event(ChangeEvent.Kind.CREATED, "KnowledgeArticle", malformed);
        KnowledgeEvents.publish(poison);
        // another object's change: skipped, never indexed
        KnowledgeEvents.publish(KnowledgeEvents.event(ChangeEvent.Kind.CREATED, "Account",
                Map.of("Id", "acc_dl", "Name", "Not An Article")));

        Map<String, Object> later = new LinkedHashMap<>();
        later.put("Id", "kb_after_poison");
        later.put("Title", "Exporting the Audit Trail to Your SIEM");
        later.put("Summary", "Stream audit events to Splunk or Sentinel.");
        later.put("Body", "Under Security, Audit Trail, add a SIEM destination and paste its HTTP collector token.");
        later.put("Category", "How-To");
        later.put("IsPublished", true);
        KnowledgeEvents.publish(ChangeEvent.Kind.CREATED, later);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().contentType(ContentType.JSON).body(Map.of("query", "audit trail SIEM collector", "limit", 3))
                        .post("/v1/ai/knowledge/search").then().statusCode(200)
                        .body("results[0].id", equalTo("kb_after_poison")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get(DEAD_LETTERS).then().statusCode(200)
                        .body("deadLetters.payload", hasItem(garbage))
                        .body("deadLetters.find { it.eventId == '" + poison.id() + "' }.attempts", equalTo(5))
                        .body("deadLetters.find { it.eventId == '" + poison.id() + "' }.consumer", equalTo("knowledge-indexer")));
        assertTrue(metric("hotcrm_consumer_skipped_total") > skippedBefore, "the Account change was skipped");
        assertTrue(metric("hotcrm_consumer_dead_lettered_total") >= 2);

        String rep = TestTokens.user("usr_rep_ai_dl", "sales_rep", "Standard");
        given().auth().oauth2(rep).when().get(DEAD_LETTERS)
                .then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));
    }
}
