package com.hotcrm.ai.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;

import org.junit.jupiter.api.Test;


import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class TranscribeTest {

    static final String CALL = """
            [00:00] John: Thanks for joining, Sarah. Great to see you interested in the Enterprise plan.
            [00:20] Sarah: We are interested, but the price is above our budget. We would need a 10% discount.
            [01:40] John: I'll check with my manager on discount approval.
            [04:10] Sarah: Good. We also want a demo for the team.
            [05:45] John: I will schedule the demo and follow up tomorrow.
            """;

    @Test
    void aTranscriptGivesSummaryActionItemsSentimentSpeakersAndDuration() {
        given().contentType(ContentType.JSON).body(Map.of("transcript", CALL, "language", "en", "speakers", 2))
                .when().post("/v1/ai/transcribe")
                .then().statusCode(200)
                .body("transcription", equalTo(CALL))
                .body("speakers.name", org.hamcrest.Matchers.contains("John", "Sarah"))
                .body("speakers.id", org.hamcrest.Matchers.contains(1, 2))
                .body("duration", equalTo(345))
                .body("actionItems", hasItem("John: I'll check with my manager on discount approval"))
                .body("actionItems", hasItem("John: I will schedule the demo and follow up tomorrow"))
                .body("sentiment", equalTo("Positive"))
                .body("summary", containsString("discount"))
                .body("engine", equalTo("builtin"));
        given().accept("text/plain").when().get("/q/metrics").then().statusCode(200)
                .body(containsString("hotcrm_ai_calls_total{endpoint=\"transcribe\",engine=\"builtin\""));
    }

    @Test
    void audioWithoutASpeechToTextEndpointSaysWhatToDoAndBadBodiesAre400() {
        given().contentType(ContentType.JSON).body(Map.of("audioUrl", "https://storage.example.com/recording.mp3"))
                .when().post("/v1/ai/transcribe")
                .then().statusCode(503)
                .body("error.code", equalTo("SERVER_ERROR"))
                .body("error.message", containsString("speech-to-text"));
        given().contentType(ContentType.JSON).body("{}").when().post("/v1/ai/transcribe")
                .then().statusCode(400).body("error.details[0].field", equalTo("transcript"));
    }
}
