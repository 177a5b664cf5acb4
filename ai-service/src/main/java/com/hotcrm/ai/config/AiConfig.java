package com.hotcrm.ai.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** ai-service's settings ({@code hotcrm.ai.*}); the variables that set them are in application.properties. */
@ConfigMapping(prefix = "hotcrm.ai")
public interface AiConfig {

    /** The optional LLM that rewrites the built-in models' text (any OpenAI-compatible endpoint). */
    Llm llm();

    /** The optional speech-to-text endpoint for /v1/ai/transcribe. */
    Stt stt();

    interface Llm {
        Optional<String> baseUrl();

        Optional<String> apiKey();

        @WithDefault("20s")
        Duration timeout();

        /** Whether e-mail addresses and phone numbers are masked in everything sent to the LLM. */
        @WithDefault("true")
        boolean maskContactDetails();

        /**
         * The most characters of facts one LLM call is given (about a quarter as many tokens). A longer transcript is
         * summarised in parts first; other facts past it are not sent (the built-in text answers).
         */
        @WithDefault("24000")
        int maxInputChars();

        /** The most parts a long transcript is summarised in (each in its own call, all at once). */
        @WithDefault("8")
        int maxParts();
    }

    interface Stt {
        Optional<String> baseUrl();

        Optional<String> apiKey();

        @WithDefault("whisper-1")
        String model();

        @WithDefault("120s")
        Duration timeout();

        @WithDefault("26214400")
        long maxAudioBytes();

        /** Hosts an audioUrl may name; none: any public address. */
        Optional<List<String>> allowedHosts();

        Optional<List<Integer>> allowedPorts();
    }
}
