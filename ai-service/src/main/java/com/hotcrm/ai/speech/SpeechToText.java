package com.hotcrm.ai.speech;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.ai.config.AiConfig;
import com.hotcrm.ai.rest.AiUnavailable;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.net.UrlPolicy;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * Audio to text: the recording at {@code audioUrl} is fetched under the webhooks' address policy (public
 * addresses only unless HOTCRM_AI_AUDIO_ALLOWED_HOSTS allows a host; the connection goes to the address
 * that was checked; no redirects; at most HOTCRM_STT_MAX_AUDIO_BYTES), then posted as multipart to an
 * OpenAI-compatible {@code /audio/transcriptions} endpoint (OpenAI, whisper.cpp's server, vLLM...) asking
 * for {@code verbose_json}, whose segments become {@code [mm:ss] text} lines. Only an endpoint configured for it
 * (HOTCRM_STT_BASE_URL, with HOTCRM_STT_API_KEY if it needs one; OpenAI's is {@code https://api.openai.com/v1}) is ever
 * sent audio: a key alone, or the LLM's settings, send nothing, and without the URL an audio request is a 503 that
 * says so.
 */
@ApplicationScoped
public class SpeechToText {

    private static final Logger LOG = Logger.getLogger(SpeechToText.class);

    /** What the endpoint heard. */
    public record Heard(String text, Integer durationSeconds, String language) {
    }

    private final Optional<URI> endpoint;
    private final Optional<String> apiKey;
    private final String model;
    private final Duration timeout;
    private final long maxBytes;
    private final UrlPolicy audioUrls;
    private final HttpClient client;
    private final ObjectMapper json;

    @Inject
    SpeechToText(AiConfig config, Vertx vertx, ObjectMapper json) {
        AiConfig.Stt stt = config.stt();
        Optional<String> apiKey = stt.apiKey().filter(s -> !s.isBlank());
        Optional<String> base = stt.baseUrl().filter(s -> !s.isBlank());
        this.endpoint = base.map(b -> URI.create(b.replaceAll("/+$", "") + "/audio/transcriptions"));
        this.apiKey = apiKey;
        this.model = stt.model();
        this.timeout = stt.timeout();
        this.maxBytes = stt.maxAudioBytes();
        this.audioUrls = new UrlPolicy("audioUrl", "HOTCRM_AI_AUDIO_ALLOWED_HOSTS", false,
                stt.allowedHosts().orElse(List.of()), InetAddress::getAllByName)
                .allowingOnlyPorts(stt.allowedPorts().orElse(List.of()), "HOTCRM_AI_AUDIO_ALLOWED_PORTS");
        this.json = json;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(5000)
                .setIdleTimeout((int) Math.max(1, timeout.toSeconds()))
                .setVerifyHost(true)
                .setTryUseCompression(false));
    }

    public boolean configured() {
        return endpoint.isPresent();
    }

    /** Checks the URL at once (its form), before anything is fetched: a 400 names what is wrong. */
    public void checkForm(String audioUrl) {
        try {
            audioUrls.parse(audioUrl);
        } catch (UrlPolicy.Refused e) {
            throw CrmException.validation("audioUrl", e.getMessage());
        }
    }

    public Uni<Heard> transcribe(String audioUrl, String language) {
        if (endpoint.isEmpty()) {
            return Uni.createFrom().failure(new AiUnavailable("Audio transcription needs an OpenAI-compatible "
                    + "speech-to-text endpoint: set HOTCRM_STT_BASE_URL (and HOTCRM_STT_API_KEY if it needs one), or "
                    + "send the call's text as transcript instead"));
        }
        return Uni.createFrom().item(() -> checked(audioUrl))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(this::fetch)
                .flatMap(audio -> post(audio, fileName(audioUrl), language))
                .ifNoItem().after(timeout.plusSeconds(5)).failWith(() -> new AiUnavailable(
                        "The speech-to-text endpoint did not answer in time; try again, or send the transcript"));
    }

    private UrlPolicy.Target checked(String audioUrl) {
        try {
            return audioUrls.check(audioUrl);
        } catch (UrlPolicy.Refused e) {
            throw CrmException.validation("audioUrl", e.getMessage());
        }
    }

    private Uni<Buffer> fetch(UrlPolicy.Target target) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host())
                .setPort(target.port()).setSsl(target.https()).setURI(target.pathAndQuery())
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setFollowRedirects(false).setTimeout(timeout.toMillis());
        options.putHeader("User-Agent", "HotCRM-AI/1");
        return client.request(options).flatMap(request -> request.send()).flatMap(response -> {
            if (response.statusCode() != 200) {
                CrmException refused = CrmException.validation("audioUrl", "audioUrl answered HTTP "
                        + response.statusCode() + "; it must serve the recording itself (200, no redirect)");
                return response.end().onFailure().recoverWithNull().onItem().transformToUni(v -> Uni.createFrom().<Buffer>failure(refused));
            }
            return readBounded(response);
        }).onFailure(e -> !(e instanceof CrmException)).transform(e -> CrmException.validation("audioUrl",
                "The recording could not be fetched from audioUrl: " + message(e)));
    }

    private Uni<Buffer> readBounded(HttpClientResponse response) {
        String length = response.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBytes) {
            response.request().connection().close().subscribe().with(v -> { }, e -> { });
            return Uni.createFrom().failure(tooLarge());
        }
        Buffer audio = Buffer.buffer();
        boolean[] over = { false };
        response.handler(chunk -> {
            if (!over[0]) {
                audio.appendBuffer(chunk);
                if (audio.length() > maxBytes) {
                    over[0] = true;
                    response.request().connection().close().subscribe().with(v -> { }, e -> { });
                }
            }
        });
        return response.end().onFailure().recoverWithNull().flatMap(done -> over[0]
                ? Uni.createFrom().failure(tooLarge()) : Uni.createFrom().item(audio));
    }

    private CrmException tooLarge() {
        return CrmException.validation("audioUrl", "The recording is larger than " + maxBytes / (1024 * 1024)
                + " MB; split it, or send the transcript");
    }

    private Uni<Heard> post(Buffer audio, String fileName, String language) {
        URI uri = endpoint.get();
        String boundary = "hotcrm-" + UUID.randomUUID();
        Buffer body = Buffer.buffer();
        field(body, boundary, "model", model);
        field(body, boundary, "response_format", "verbose_json");
        if (language != null) {
            field(body, boundary, "language", language);
        }
        body.appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.appendBuffer(audio).appendString("\r\n--" + boundary + "--\r\n");
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80).setSsl(https).setURI(uri.getRawPath())
                .setTimeout(timeout.toMillis());
        options.putHeader("Content-Type", "multipart/form-data; boundary=" + boundary);
        apiKey.ifPresent(key -> options.putHeader("Authorization", "Bearer " + key));
        return client.request(options).flatMap(request -> request.send(body))
                .flatMap(response -> response.body().map(answer -> {
                    if (response.statusCode() != 200) {
                        LOG.warnf("The speech-to-text endpoint answered %d: %s", response.statusCode(),
                                answer.toString().substring(0, Math.min(300, answer.length())));
                        throw new AiUnavailable("The speech-to-text endpoint refused the recording (HTTP "
                                + response.statusCode() + "); try again, or send the transcript");
                    }
                    return heard(answer);
                }))
                .onFailure(e -> !(e instanceof AiUnavailable || e instanceof CrmException)).transform(e -> {
                    LOG.warnf("The speech-to-text endpoint could not be reached: %s", e.toString());
                    return new AiUnavailable("The speech-to-text endpoint could not be reached; try again, or send the transcript");
                });
    }

    /** {@code verbose_json} (segments with start times) or plain {@code {"text": ...}}. */
    Heard heard(Buffer answer) {
        JsonNode node;
        try {
            node = json.readTree(answer.getBytes());
        } catch (Exception e) {
            throw new AiUnavailable("The speech-to-text endpoint's answer was not JSON");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode segment : node.path("segments")) {
            int start = (int) segment.path("start").asDouble(0);
            text.append(text.length() == 0 ? "" : "\n")
                    .append(String.format("[%02d:%02d] %s", start / 60, start % 60, segment.path("text").asText("").strip()));
        }
        if (text.length() == 0) {
            text.append(node.path("text").asText(""));
        }
        if (text.toString().isBlank()) {
            throw new AiUnavailable("The speech-to-text endpoint heard no words in the recording");
        }
        Integer duration = node.hasNonNull("duration") ? (int) Math.round(node.get("duration").asDouble()) : null;
        return new Heard(text.toString(), duration, node.path("language").asText(null));
    }

    private static void field(Buffer body, String boundary, String name, String value) {
        body.appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
                .appendString(value, StandardCharsets.UTF_8.name()).appendString("\r\n");
    }

    private static String fileName(String audioUrl) {
        String path = URI.create(audioUrl.trim()).getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return name.matches("[A-Za-z0-9._-]{1,100}") ? name : "recording.mp3";
    }

    private static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 200 ? m.substring(0, 200) : m;
    }
}
