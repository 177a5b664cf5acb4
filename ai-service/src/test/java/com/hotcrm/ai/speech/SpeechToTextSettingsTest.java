package com.hotcrm.ai.speech;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.ai.config.AiConfig;

import io.vertx.mutiny.core.Vertx;

/** Audio goes only to a speech-to-text endpoint configured for it: a key alone (its own or the LLM's) sends nothing. */
class SpeechToTextSettingsTest {

    static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void close() {
        VERTX.closeAndAwait();
    }

    static AiConfig config(String baseUrl, String apiKey) {
        AiConfig.Stt stt = new AiConfig.Stt() {
            public Optional<String> baseUrl() {
                return Optional.ofNullable(baseUrl);
            }

            public Optional<String> apiKey() {
                return Optional.ofNullable(apiKey);
            }

            public String model() {
                return "whisper-1";
            }

            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            public long maxAudioBytes() {
                return 1024;
            }

            public Optional<List<String>> allowedHosts() {
                return Optional.empty();
            }

            public Optional<List<Integer>> allowedPorts() {
                return Optional.empty();
            }
        };
        return new AiConfig() {
            public Llm llm() {
                return null;
            }

            public Stt stt() {
                return stt;
            }

            public Models models() {
                return null;
            }

            public Knowledge knowledge() {
                return null;
            }
        };
    }

    @Test
    void onlyItsOwnEndpointIsEverSentAudio() {
        assertFalse(new SpeechToText(config(null, "sk-its-own-key"), VERTX, new ObjectMapper()).configured(),
                "a key alone no longer means OpenAI's public endpoint");
        assertFalse(new SpeechToText(config(" ", null), VERTX, new ObjectMapper()).configured());
        assertTrue(new SpeechToText(config("https://stt.example.com/v1", null), VERTX, new ObjectMapper()).configured(),
                "a local server may need no key");
        assertTrue(new SpeechToText(config("https://api.openai.com/v1", "sk-its-own-key"), VERTX, new ObjectMapper())
                .configured());
    }
}
