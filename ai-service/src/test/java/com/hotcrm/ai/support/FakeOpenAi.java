package com.hotcrm.ai.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A local OpenAI-compatible server: {@code /v1/chat/completions} answers with the content a test sets (or
 * fails, or takes too long), {@code /v1/audio/transcriptions} answers a whisper-style {@code verbose_json},
 * and {@code /audio/...} serves a recording. Every request is kept for the test to read.
 */
public class FakeOpenAi implements QuarkusTestResourceLifecycleManager {

    public record Received(String path, String contentType, String authorization, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    public static final byte[] AUDIO = "RIFF....WAVEfmt fake audio bytes".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static volatile String chatContent = "{}";
    private static volatile int chatStatus = 200;
    private static volatile Duration chatDelay = Duration.ZERO;
    private static volatile String transcription = "{\"text\": \"\"}";
    private static HttpServer server;

    /** The next chat answers carry this content. */
    public static void answer(String content) {
        chatContent = content;
        chatStatus = 200;
        chatDelay = Duration.ZERO;
    }

    public static void fail(int status) {
        chatStatus = status;
        chatDelay = Duration.ZERO;
    }

    public static void slow(Duration delay) {
        chatStatus = 200;
        chatDelay = delay;
    }

    public static void transcription(String verboseJson) {
        transcription = verboseJson;
    }

    public static String url() {
        return FakeHttp.url(server);
    }

    @Override
    public Map<String, String> start() {
        server = FakeHttp.start("/", exchange -> {
            byte[] body = FakeHttp.body(exchange);
            String path = exchange.getRequestURI().getPath();
            RECEIVED.add(new Received(path, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            if (path.startsWith("/audio/")) {
                FakeHttp.respond(exchange, 200, "audio/wav", AUDIO);
            } else if (path.equals("/v1/audio/transcriptions")) {
                FakeHttp.json(exchange, 200, transcription);
            } else if (path.equals("/v1/chat/completions")) {
                try {
                    Thread.sleep(chatDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (chatStatus != 200) {
                    FakeHttp.json(exchange, chatStatus, "{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}");
                    return;
                }
                Map<String, Object> completion = Map.of("id", "chatcmpl-1", "object", "chat.completion", "created", 1,
                        "model", "fake-model", "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                                "message", Map.of("role", "assistant", "content", chatContent))),
                        "usage", Map.of("prompt_tokens", 10, "completion_tokens", 10, "total_tokens", 20));
                FakeHttp.json(exchange, 200, JSON.writeValueAsString(completion));
            } else {
                FakeHttp.json(exchange, 404, "{}");
            }
        });
        String base = url() + "/v1";
        return Map.of("hotcrm.ai.llm.base-url", base, "quarkus.langchain4j.openai.base-url", base,
                "hotcrm.ai.llm.api-key", "test-llm-key", "quarkus.langchain4j.openai.api-key", "test-llm-key",
                "hotcrm.ai.llm.timeout", "8s", "quarkus.langchain4j.openai.timeout", "8s",
                "hotcrm.ai.stt.base-url", base, "hotcrm.ai.stt.api-key", "test-stt-key",
                "hotcrm.ai.stt.allowed-hosts", "127.0.0.1");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
