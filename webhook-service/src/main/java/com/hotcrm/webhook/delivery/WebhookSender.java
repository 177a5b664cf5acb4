package com.hotcrm.webhook.delivery;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.webhook.config.WebhookConfig;
import com.hotcrm.platform.net.UrlPolicy;
import com.hotcrm.webhook.service.WebhookUrls;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * Sends one signed request with the Vert.x client: the URL is checked again (DNS, on a worker thread; a
 * check is reused for 5 s) and the connection goes to the address that passed the check, so DNS cannot be
 * switched between check and call. Redirects are not followed (a 3xx is a failure), and the whole exchange has a deadline.
 */
@ApplicationScoped
public class WebhookSender {

    /** The answer: a status code, or an error when there was none. */
    public record Result(Integer statusCode, Duration latency, String error) {
        public boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private static final int MAX_BODY_READ = 64 * 1024;
    /**
     * A URL's check (DNS and address rules, on a worker thread) holds for this long: a busy endpoint is checked
     * a few times a second at most, not once per delivery, and no answer is older than the JVM's own DNS cache.
     */
    private static final long RECHECK_AFTER_NANOS = Duration.ofSeconds(5).toNanos();
    private static final int MAX_REMEMBERED = 10_000;

    /** A URL that passed the check, the address it resolved to, and when. */
    private record Checked(UrlPolicy.Target target, long at) {
    }

    private final java.util.Map<String, Checked> checkedRecently = new java.util.concurrent.ConcurrentHashMap<>();

    private final HttpClient client;
    private final WebhookUrls urls;
    private final Duration timeout;

    public WebhookSender(Vertx vertx, WebhookUrls urls, WebhookConfig config) {
        this.urls = urls;
        this.timeout = config.delivery().timeout();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE))
                .setIdleTimeout((int) Math.max(1, timeout.toSeconds()))
                .setMaxPoolSize(config.delivery().maxPerEndpoint())
                .setKeepAlive(true)
                .setVerifyHost(true)
                .setTryUseCompression(false));
    }

    /** Posts the body with the given signature headers; never fails, the result says what happened. */
    public Uni<Result> send(String url, java.util.Map<String, String> headers, String body) {
        long start = System.nanoTime();
        Checked recent = checkedRecently.get(url);
        Uni<UrlPolicy.Target> target = recent != null && start - recent.at() < RECHECK_AFTER_NANOS
                ? Uni.createFrom().item(recent.target())
                : Uni.createFrom().item(() -> checked(url)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return target
                .flatMap(checked -> post(checked, headers, body))
                .map(status -> new Result(status, Duration.ofNanos(System.nanoTime() - start), null))
                .ifNoItem().after(timeout.plusSeconds(2)).failWith(TimeoutException::new)
                .onFailure().recoverWithItem(e -> new Result(null, Duration.ofNanos(System.nanoTime() - start), describe(e)));
    }

    private UrlPolicy.Target checked(String url) {
        try {
            UrlPolicy.Target target = urls.policy().check(url);
            if (checkedRecently.size() >= MAX_REMEMBERED) {
                checkedRecently.clear();
            }
            checkedRecently.put(url, new Checked(target, System.nanoTime()));
            return target;
        } catch (UrlPolicy.Refused e) {
            checkedRecently.remove(url);
            throw new RefusedUrl(e.getMessage());
        }
    }

    private Uni<Integer> post(UrlPolicy.Target target, java.util.Map<String, String> headers, String body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.pathAndQuery())
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setFollowRedirects(false)
                .setTimeout(timeout.toMillis());
        options.putHeader("Content-Type", "application/json");
        options.putHeader("User-Agent", "HotCRM-Webhooks/1");
        headers.forEach(options::putHeader);
        return client.request(options)
                .flatMap(request -> request.send(Buffer.buffer(body)))
                .flatMap(response -> {
                    int status = response.statusCode();
                    // read a bounded amount, so the connection can be reused, then let it go
                    long[] read = { 0 };
                    response.handler(chunk -> {
                        read[0] += chunk.length();
                        if (read[0] > MAX_BODY_READ) {
                            response.request().connection().close().subscribe().with(v -> { }, e -> { });
                        }
                    });
                    return response.end().onFailure().recoverWithNull().replaceWith(status);
                })
                .ifNoItem().after(timeout).failWith(TimeoutException::new);
    }

    private String describe(Throwable e) {
        if (e instanceof RefusedUrl) {
            return "refused: " + e.getMessage();
        }
        if (e instanceof TimeoutException || (e.getMessage() != null && e.getMessage().toLowerCase().contains("timeout"))) {
            return "timeout: no answer within " + timeout.toSeconds() + " s";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "connection failed: " + (message.length() > 300 ? message.substring(0, 300) : message);
    }

    /** The URL did not pass the check at delivery time. */
    static final class RefusedUrl extends RuntimeException {
        RefusedUrl(String message) {
            super(message, null, false, false);
        }
    }
}
