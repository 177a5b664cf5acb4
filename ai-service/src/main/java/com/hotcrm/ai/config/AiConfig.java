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

    /** The models trained in the background from the organisation's outcomes. */
    Models models();

    /** The knowledge index each replica searches in process. */
    Knowledge knowledge();

    interface Knowledge {
        /** Where the index's files are memory-mapped; none: the temporary directory. */
        Optional<java.nio.file.Path> indexDirectory();

        /** How long a caller's access to articles is reused (the sharing settings; under private sharing, their articles). */
        @WithDefault("30s")
        Duration accessCache();
    }

    interface Models {
        /** How often a replica checks whether a model is due. */
        @WithDefault("1m")
        Duration checkInterval();

        /** A new version once this many deals closed (or changed once closed) since the last one. */
        @WithDefault("50")
        int retrainAfter();

        /** A new version at least this often while any deal closed since the last one. */
        @WithDefault("24h")
        Duration retrainInterval();

        /** The newest closed deals one training reads. */
        @WithDefault("20000")
        int maxRows();

        /** How often a replica looks for a version trained elsewhere. */
        @WithDefault("30s")
        Duration refresh();

        /** How often the models' accuracy gauges are recomputed from the predictions and outcomes. */
        @WithDefault("5m")
        Duration metricsInterval();
    }

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
