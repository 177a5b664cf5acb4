package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;

/**
 * Knowledge through the whole suite: an article created through the gateway reaches ai-service's index by
 * the change event on the real broker and is found and answered from; unpublished, it is gone. And a lead's
 * score written back to the lead through records-service, with the rep's own rights.
 */
@ExtendWith(RunningSuite.class)
class AiKnowledgeIT {

    @Test
    void aPublishedArticleIsFoundAndAnsweredFromThenLeftOutOnceUnpublished() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String article = AiIT.create(null, "knowledgearticles", Map.of(
                "Title", "Rotating the Quantum Ledger key " + marker,
                "Category", "How-To", "IsPublished", true,
                "Summary", "Replace the ledger's signing key without downtime.",
                "Body", "1. Open Settings and choose Ledger\n2. Click Generate new key\n3. Wait until both keys show Active\n"
                        + "4. Retire the old key"));
        String agent = AuthorizationIT.userWithRole("support_agent");
        Map<String, Object> question = Map.of("question", "How do I change the signing key of the quantum ledger?",
                "category", "How-To");
        eventually(() ->
                given().auth().oauth2(agent).contentType(ContentType.JSON).body(question).post("/v1/ai/knowledge/ask")
                        .then().statusCode(200).body("sources[0].id", equalTo(article)));
        given().auth().oauth2(agent).contentType(ContentType.JSON).body(question).post("/v1/ai/knowledge/ask")
                .then().statusCode(200)
                .body("answer", containsString("2. Click Generate new key"))
                .body("sources[0].title", containsString(marker))
                .body("sources[0].url", equalTo("/knowledge/" + article))
                .body("confidence", greaterThan(40))
                .body("engine", equalTo("builtin"));
        given().auth().oauth2(agent).contentType(ContentType.JSON)
                .body(Map.of("query", "quantum ledger key rotation", "category", "How-To", "limit", 5))
                .post("/v1/ai/knowledge/search").then().statusCode(200)
                .body("results[0].id", equalTo(article))
                .body("results[0].summary", equalTo("Replace the ledger's signing key without downtime."))
                .body("results[0].category", equalTo("How-To"));

        given().contentType(ContentType.JSON).body(Map.of("IsPublished", false)).patch("/v1/knowledgearticles/" + article)
                .then().statusCode(200);
        eventually(() ->
                given().auth().oauth2(agent).contentType(ContentType.JSON)
                        .body(Map.of("query", "quantum ledger key rotation", "limit", 5))
                        .post("/v1/ai/knowledge/search").then().statusCode(200).body("results.id", not(hasItem(article))));
    }

    @Test
    void underPrivateSharingEachAgentSearchesOnlyTheArticlesTheyReach() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String mine = AuthorizationIT.userWithRole("support_agent");
        String theirs = AuthorizationIT.userWithRole("support_agent");
        String calibrate = AiIT.create(mine, "knowledgearticles", Map.of("Title", "Calibrating the Zephyr spectrometer " + marker,
                "Category", "How-To", "IsPublished", true, "Body", "Run the calibration wizard with the reference sample "
                        + "loaded, then save the new Zephyr profile."));
        String clean = AiIT.create(theirs, "knowledgearticles", Map.of("Title", "Cleaning the Zephyr spectrometer lens " + marker,
                "Category", "How-To", "IsPublished", true, "Body", "Wipe the Zephyr lens with the dry cloth, never with "
                        + "alcohol, then run the calibration check."));
        Map<String, Object> question = Map.of("query", "How do I calibrate the Zephyr spectrometer " + marker + "?", "limit", 10);
        eventually(() -> given().contentType(ContentType.JSON).body(question).post("/v1/ai/knowledge/search").then()
                .statusCode(200).body("results.id", hasItem(calibrate)).body("results.id", hasItem(clean)));
        try {
            given().contentType(ContentType.JSON).body(Map.of("sharing", "private"))
                    .put("/v1/metadata/permissions/KnowledgeArticle").then().statusCode(200);
            // ai-service reuses the settings for up to 30 s
            eventually(() -> given().auth().oauth2(theirs).contentType(ContentType.JSON).body(question)
                    .post("/v1/ai/knowledge/search").then().statusCode(200)
                    .body("results.id", not(hasItem(calibrate))).body("results[0].id", equalTo(clean)));
            given().auth().oauth2(mine).contentType(ContentType.JSON).body(question).post("/v1/ai/knowledge/search").then()
                    .statusCode(200).body("results[0].id", equalTo(calibrate)).body("results.id", not(hasItem(clean)));
            given().auth().oauth2(theirs).contentType(ContentType.JSON)
                    .body(Map.of("question", "How do I calibrate the Zephyr spectrometer " + marker + "?"))
                    .post("/v1/ai/knowledge/ask").then().statusCode(200)
                    .body("sources.id", not(hasItem(calibrate))).body("answer", not(containsString("calibration wizard")));
        } finally {
            given().contentType(ContentType.JSON).body(Map.of("sharing", "public_read_only"))
                    .put("/v1/metadata/permissions/KnowledgeArticle").then().statusCode(200);
        }
    }

    /** Retries an assertion for up to a minute: the index follows the change events. */
    static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Test
    void aLeadScoreIsWrittenBackToTheLeadWithTheRepsRights() {
        String rep = AuthorizationIT.userWithRole("sales_rep");
        String other = AuthorizationIT.userWithRole("sales_rep");
        String lead = AiIT.create(rep, "leads", Map.of("FirstName", "Katherine", "LastName", "Johnson",
                "Company", "Langley", "Email", "kj@langley.example", "Industry", "Technology"));
        int score = given().auth().oauth2(rep).post("/v1/ai/lead-score/" + lead + "?writeBack=true")
                .then().statusCode(200).body("writtenBack", equalTo(true)).extract().path("score");
        given().auth().oauth2(rep).get("/v1/leads/" + lead).then().statusCode(200).body("LeadScore", equalTo(score));
        // someone who cannot see the lead cannot score it, let alone write it
        given().auth().oauth2(other).post("/v1/ai/lead-score/" + lead + "?writeBack=true").then().statusCode(404);
        // the internal write-back path is not routed by the gateway
        given().auth().oauth2(rep).contentType(ContentType.JSON).body(Map.of("LeadScore", 1))
                .patch("/internal/records/leads/" + lead).then().statusCode(404);
        given().auth().oauth2(rep).get("/v1/leads/" + lead).then().body("LeadScore", equalTo(score));
    }
}
