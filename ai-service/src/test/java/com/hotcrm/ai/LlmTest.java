package com.hotcrm.ai;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.ai.support.FakeOpenAi;
import com.hotcrm.ai.support.KnowledgeEvents;
import com.hotcrm.ai.support.LlmProfile;
import com.hotcrm.platform.event.ChangeEvent;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * With an LLM and a speech-to-text endpoint configured (a real local OpenAI-compatible server): the LLM
 * gets the facts and its text is used; when it is slow, failing or answers nonsense, the built-in text is
 * used; a recording at audioUrl is fetched and sent to the speech-to-text endpoint, and private addresses
 * are refused.
 */
@QuarkusTest
@TestProfile(LlmProfile.class)
class LlmTest {

    static final String CALL = """
            [00:00] John: Thanks for joining, Sarah.
            [00:20] Sarah: The price is above our budget. We would need a 10% discount.
            [01:40] John: I'll check with my manager on discount approval.
            """;

    @BeforeEach
    void reset() {
        FakeOpenAi.RECEIVED.clear();
    }

    static io.restassured.response.ValidatableResponse transcribe(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/ai/transcribe").then();
    }

    @Test
    void theLlmWritesTheNarrativeFromTheFactsAndABadLlmFallsBackToTheBuiltInText() {
        FakeOpenAi.answer("""
                {"summary": "Sarah wants a 10% discount; John will ask his manager.",
                 "actionItems": ["John: Ask the manager about the 10% discount"]}""");
        transcribe(Map.of("transcript", CALL)).statusCode(200)
                .body("summary", equalTo("Sarah wants a 10% discount; John will ask his manager."))
                .body("actionItems", contains("John: Ask the manager about the 10% discount"))
                .body("sentiment", org.hamcrest.Matchers.notNullValue())
                .body("speakers.name", contains("John", "Sarah"))
                .body("duration", equalTo(100))
                .body("engine", equalTo("llm"));
        FakeOpenAi.Received request = FakeOpenAi.RECEIVED.stream().filter(r -> r.path().equals("/v1/chat/completions"))
                .findFirst().orElseThrow();
        assertEquals("Bearer test-llm-key", request.authorization());
        assertTrue(request.text().contains("We would need a 10% discount"), request.text()); // the facts
        assertTrue(request.text().contains("actionItems"), request.text()); // the keys asked for
        assertTrue(request.text().contains("gpt-4o-mini"), request.text()); // the configured model

        FakeOpenAi.slow(Duration.ofSeconds(12)); // longer than the 8 s timeout (generous: a cold first call on a busy machine)
        transcribe(Map.of("transcript", CALL)).statusCode(200)
                .body("engine", equalTo("builtin"))
                .body("actionItems", hasItem("John: I'll check with my manager on discount approval"));

        FakeOpenAi.fail(500);
        transcribe(Map.of("transcript", CALL)).statusCode(200).body("engine", equalTo("builtin"));

        FakeOpenAi.answer("Sure! Here is a summary: the call went well.");
        transcribe(Map.of("transcript", CALL)).statusCode(200).body("engine", equalTo("builtin"))
                .body("summary", containsString("John"));

        FakeOpenAi.answer("{\"summary\": \"Recovered.\", \"actionItems\": [\"John: call back\"]}");
        transcribe(Map.of("transcript", CALL)).statusCode(200).body("engine", equalTo("llm"))
                .body("summary", equalTo("Recovered."));
    }

    @Test
    void knowledgeAnswersComeFromTheLlmGivenThePassages() throws Exception {
        KnowledgeEvents.publish(ChangeEvent.Kind.CREATED, Map.of("Id", "kb_llm", "Title", "Rotating API Tokens",
                "Category", "How-To", "IsPublished", true, "Body",
                "1. Open Settings and choose API Tokens\n2. Create a new token\n3. Replace the old token in your scripts\n"
                        + "4. Revoke the old token"));
        Map<String, Object> question = Map.of("question", "How do I replace an API token?");
        FakeOpenAi.answer("{\"answer\": \"Create a new token under Settings, switch your scripts, then revoke the old one.\"}");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().contentType(ContentType.JSON).body(question)
                .post("/v1/ai/knowledge/ask").then().statusCode(200).body("sources[0].id", equalTo("kb_llm")));
        FakeOpenAi.RECEIVED.clear();
        given().contentType(ContentType.JSON).body(question).post("/v1/ai/knowledge/ask").then().statusCode(200)
                .body("answer", equalTo("Create a new token under Settings, switch your scripts, then revoke the old one."))
                .body("sources[0].id", equalTo("kb_llm"))
                .body("engine", equalTo("llm"));
        String prompt = FakeOpenAi.RECEIVED.get(0).text();
        assertTrue(prompt.contains("Revoke the old token") && prompt.contains("How do I replace an API token?"), prompt);

        FakeOpenAi.fail(503);
        given().contentType(ContentType.JSON).body(question).post("/v1/ai/knowledge/ask").then().statusCode(200)
                .body("answer", containsString("1. Open Settings and choose API Tokens"))
                .body("engine", equalTo("builtin"));
    }

    @Test
    void aRecordingIsFetchedAndTranscribedBySpeechToText() {
        FakeOpenAi.answer("{\"summary\": \"A short call about a demo.\", \"actionItems\": [\"John: Schedule the demo\"]}");
        FakeOpenAi.transcription("""
                {"text": "John: Hello Sarah. Sarah: Hi John, we want a demo.", "language": "english", "duration": 345.2,
                 "segments": [{"start": 0.0, "end": 3.1, "text": " John: Hello Sarah."},
                              {"start": 65.4, "end": 70.0, "text": " Sarah: Hi John, we want a demo."}]}""");
        String audioUrl = FakeOpenAi.url() + "/audio/call-42.wav";
        transcribe(Map.of("audioUrl", audioUrl, "language", "en", "speakers", 2)).statusCode(200)
                .body("transcription", equalTo("[00:00] John: Hello Sarah.\n[01:05] Sarah: Hi John, we want a demo."))
                .body("duration", equalTo(345))
                .body("speakers.name", contains("John", "Sarah"))
                .body("summary", equalTo("A short call about a demo."))
                .body("engine", equalTo("llm"));
        List<String> paths = FakeOpenAi.RECEIVED.stream().map(FakeOpenAi.Received::path).toList();
        assertTrue(paths.contains("/audio/call-42.wav") && paths.contains("/v1/audio/transcriptions"), paths.toString());
        FakeOpenAi.Received stt = FakeOpenAi.RECEIVED.stream().filter(r -> r.path().equals("/v1/audio/transcriptions"))
                .findFirst().orElseThrow();
        assertEquals("Bearer test-stt-key", stt.authorization());
        assertTrue(stt.contentType().startsWith("multipart/form-data; boundary="), stt.contentType());
        String multipart = new String(stt.body(), StandardCharsets.ISO_8859_1);
        assertTrue(multipart.contains("name=\"model\"\r\n\r\nwhisper-1"), multipart);
        assertTrue(multipart.contains("name=\"language\"\r\n\r\nen"), multipart);
        assertTrue(multipart.contains("filename=\"call-42.wav\""), multipart);
        assertTrue(multipart.contains(new String(FakeOpenAi.AUDIO, StandardCharsets.ISO_8859_1)), multipart);
    }

    @Test
    void audioFromPrivateOrMissingPlacesIsRefused() {
        for (String url : List.of("http://10.0.0.7/call.mp3", "http://169.254.169.254/latest/meta-data/",
                "https://localhost/call.mp3", "http://[::1]/call.mp3", "ftp://example.com/call.mp3", "not a url")) {
            transcribe(Map.of("audioUrl", url)).statusCode(400)
                    .body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.details[0].field", equalTo("audioUrl"));
        }
        FakeOpenAi.RECEIVED.clear();
        transcribe(Map.of("audioUrl", FakeOpenAi.url() + "/missing/call.mp3")).statusCode(400)
                .body("error.details[0].field", equalTo("audioUrl"))
                .body("error.message", containsString("404"));
        transcribe(Map.of("audioUrl", FakeOpenAi.url() + "/audio/call.wav", "speakers", 0)).statusCode(400)
                .body("error.details[0].field", equalTo("speakers"));
        transcribe(Map.of("audioUrl", FakeOpenAi.url() + "/audio/call.wav", "language", "english; drop")).statusCode(400)
                .body("error.details[0].field", equalTo("language"));
    }
}
