package com.hotcrm.devstack.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for webhook subscribers: it records every request (path, headers, body)
 * and answers as programmed, per path: a queue of statuses to answer first ({@link #respond}), then a
 * default ({@link #respondAlways}, 200 unless told), optionally after a delay, or holding every request
 * until {@link #release()} (a subscriber that hangs). {@link #verify} checks a request's Standard Webhooks
 * signature with a secret, independently of the code that signed it.
 */
public final class FakeWebhookReceiver implements AutoCloseable {

    /** A request as received. Header names are lower-case. */
    public record Request(String method, String path, Map<String, String> headers, String body, Instant receivedAt,
            int answeredWith) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static {
        // answer without Nagle's delay, as any real subscriber's server does: the JDK server writes headers and
        // body separately, and with Nagle on, each answer waited ~40 ms for the sender's delayed ACK, which
        // capped a delivery-throughput test at (deliveries in flight) / 40 ms. Read once, when the JDK's
        // server first loads, so it is set before any server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fake-webhook-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Deque<Integer>> queued = new HashMap<>();
    private final Map<String, Integer> always = new HashMap<>();
    private volatile Duration delay = Duration.ZERO;
    private boolean holding;

    private FakeWebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts on 127.0.0.1, on a free port. */
    public static FakeWebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        FakeWebhookReceiver receiver = new FakeWebhookReceiver(server);
        server.createContext("/", receiver::handle);
        server.setExecutor(receiver.executor);
        server.start();
        return receiver;
    }

    /** The URL of a path on this server, e.g. {@code url("/hooks/a")}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests to this path are answered with these statuses, in order. */
    public synchronized FakeWebhookReceiver respond(String path, int... statuses) {
        Deque<Integer> queue = queued.computeIfAbsent(path, p -> new ArrayDeque<>());
        for (int status : statuses) {
            queue.add(status);
        }
        return this;
    }

    /** Requests to this path are answered with this status once the queued ones are used up. */
    public synchronized FakeWebhookReceiver respondAlways(String path, int status) {
        always.put(path, status);
        return this;
    }

    /** Every answer waits this long first (a slow subscriber). */
    public FakeWebhookReceiver delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Requests are held unanswered until {@link #release()} (a subscriber that hangs). */
    public synchronized FakeWebhookReceiver hold() {
        holding = true;
        return this;
    }

    public synchronized FakeWebhookReceiver release() {
        holding = false;
        notifyAll();
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Request> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /**
     * Waits up to {@code timeout} until at least {@code count} requests match; those that do. Each wake-up looks
     * only at the requests that came since the last (requests are only ever appended), so waiting for a burst of
     * many thousands costs the subscriber nothing: a rescan of every request per arrival made the subscriber
     * itself the bottleneck of a throughput test.
     */
    public List<Request> await(Predicate<Request> test, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Request> matching = new ArrayList<>();
        int seen = 0;
        synchronized (this) {
            while (true) {
                for (; seen < requests.size(); seen++) {
                    if (test.test(requests.get(seen))) {
                        matching.add(requests.get(seen));
                    }
                }
                long left = deadline - System.nanoTime();
                if (matching.size() >= count || left <= 0) {
                    return List.copyOf(matching);
                }
                wait(Math.max(1, Math.min(200, left / 1_000_000)));
            }
        }
    }

    public List<Request> awaitTo(String path, int count, Duration timeout) throws InterruptedException {
        return await(r -> r.path().equals(path), count, timeout);
    }

    /**
     * Whether the request carries a valid Standard Webhooks signature for {@code secret} ({@code whsec_}
     * and base64 key, or any other text used as is): one of the space-separated {@code v1,<base64>} entries
     * of {@code webhook-signature} is HMAC-SHA256 over {@code id.timestamp.body}.
     */
    public static boolean verify(String secret, Request request) {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        String signatures = request.header("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        byte[] key;
        try {
            key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
                    : secret.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            expected = mac.doFinal((id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        for (String entry : signatures.split(" ")) {
            if (entry.startsWith("v1,")) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(entry.substring(3));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    String.join(",", values)));
            String path = exchange.getRequestURI().getRawPath();
            int status;
            synchronized (this) {
                Deque<Integer> queue = queued.get(path);
                status = queue != null && !queue.isEmpty() ? queue.poll() : always.getOrDefault(path, 200);
                requests.add(new Request(exchange.getRequestMethod(), path, Map.copyOf(headers), body, Instant.now(), status));
                notifyAll();
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (holding && System.nanoTime() < deadline) {
                    wait(200);
                }
            }
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (status == 204 || status == 304) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the caller went away (timed out, or was killed): nothing to answer
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
