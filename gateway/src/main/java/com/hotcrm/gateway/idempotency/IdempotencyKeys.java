package com.hotcrm.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.hotcrm.gateway.config.GatewayConfig;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.web.ErrorResponses;

import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * {@code Idempotency-Key} on the writes that pass the gateway (the IETF httpapi draft "The Idempotency-Key HTTP
 * Header Field", as Stripe has it): a POST, PATCH, PUT or DELETE sent with a key is run once per caller and key;
 * its answer (status, the headers that describe it, body) is kept ({@code hotcrm.gateway.idempotency.keep},
 * 24 h) and a retry with the same method, path, query and body gets it again with {@code Idempotent-Replayed:
 * true}. The same key on another request is 422; a retry while the first still runs is 409 with Retry-After.
 * Keys are per caller (the token's user): another user's key of the same value is another key.
 * <p>
 * The router calls {@link #admit} after authenticating and rate limiting; a request it lets through carries a
 * {@link Call}, which the proxy's interceptor completes with the answer, or releases when the request never
 * reached its service (its circuit open, no connection, shed at capacity): then a retry runs it. An answer the
 * gateway made because the service did not answer in time (504) or dropped the connection is kept like any
 * other: the write may have happened, and running it again could make it twice.
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PATCH, HttpMethod.PUT,
            HttpMethod.DELETE);
    /** The answer's headers a replay gives again; the rest (rate limits, request id) are the retry's own. */
    private static final Set<String> KEPT_HEADERS = Set.of("content-type", "location", "etag", "last-modified",
            "retry-after");
    static final int MAX_KEY_LENGTH = 255;
    /**
     * The gateway's own header naming a request's call while it is forwarded (the request object the proxy sees
     * is not always the one the router had: HTTP/2); never sent on, and never taken from a client.
     */
    public static final String MARKER = "X-HotCRM-Idempotent-Call";

    /**
     * A request that holds its key while it is forwarded: who sent it, the key, its body (read whole), and whether
     * it has been sent to its service (until then a client that hangs up frees the key).
     */
    public record Call(String caller, String key, UUID claim, Buffer body, AtomicBoolean sent) {
        Call(String caller, String key, UUID claim, Buffer body) {
            this(caller, key, claim, body, new AtomicBoolean());
        }
    }

    private final IdempotencyStore store;
    private final GatewayConfig.Idempotency config;
    private final Vertx vertx;
    /** Calls in flight, by the id the request carries in {@link #MARKER}. */
    private final Map<String, Call> forwarded = new ConcurrentHashMap<>();
    private final long pruning;
    /** Whether a key was ever sent here: until then this gateway never touches PostgreSQL. */
    private volatile boolean used;

    IdempotencyKeys(IdempotencyStore store, GatewayConfig config, Vertx vertx) {
        this.store = store;
        this.config = config.idempotency();
        this.vertx = vertx;
        this.pruning = vertx.setPeriodic(this.config.pruneEvery().toMillis(), id -> {
            if (used) {
                prune();
            }
        });
    }

    /** Deletes expired keys, 10,000 at a time, until a batch comes back short. */
    private void prune() {
        store.prune(10_000).onSuccess(deleted -> {
            if (deleted == 10_000) {
                prune();
            }
        }).onFailure(failure -> LOG.debugf("Pruning idempotency keys failed: %s", failure));
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(pruning);
    }

    /** Whether the request is a write sent with a key. */
    public static boolean applies(HttpServerRequest request) {
        return WRITES.contains(request.method()) && request.getHeader(HEADER) != null;
    }

    /**
     * Reads the (paused) request's body and claims its key for {@code caller}: the {@link Call} to forward, or null
     * when this answered the request itself (the stored answer, 409, 422, a bad key, a body too large, or 503 while
     * the keys cannot be read).
     */
    public Future<Call> admit(HttpServerRequest request, String caller) {
        HttpServerResponse response = request.response();
        String key = key(request.getHeader(HEADER));
        if (key == null) {
            request.resume();
            ErrorResponses.write(response, ErrorCode.VALIDATION_ERROR, HEADER + " must be 1 to " + MAX_KEY_LENGTH
                    + " visible ASCII characters (a UUID is a good key), optionally in double quotes");
            return Future.succeededFuture();
        }
        used = true;
        return body(request).compose(body -> {
            if (body == null) {
                ErrorResponses.write(response, ErrorCode.PAYLOAD_TOO_LARGE, "A request with an " + HEADER
                        + " may have a body of at most " + config.maxBody().asLongValue() + " bytes");
                return Future.succeededFuture();
            }
            // a database that does not answer (frozen, unreachable) is a 503 now, not a request hanging with it
            return store.claim(caller, key, fingerprint(request, body), config.keep(), config.lease())
                    .timeout(config.storeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .map(claim -> {
                        Metrics.counter("hotcrm.gateway.idempotency", "outcome", claim.outcome()).increment();
                        if (claim instanceof IdempotencyStore.Claimed claimed) {
                            return new Call(caller, key, claimed.token(), body);
                        }
                        if (claim instanceof IdempotencyStore.Replay replay) {
                            replay(response, replay.answer());
                        } else if (claim instanceof IdempotencyStore.Running) {
                            response.putHeader("Retry-After", "1");
                            ErrorResponses.write(response, 409, ErrorCode.IDEMPOTENCY_ERROR, "A request with this "
                                    + HEADER + " is still running; retry shortly to get its answer");
                        } else {
                            ErrorResponses.write(response, 422, ErrorCode.IDEMPOTENCY_ERROR, "This " + HEADER
                                    + " was used for a different request (method, path, query or body); use a new "
                                    + "key for a new request");
                        }
                        return null;
                    });
        }).recover(failure -> {
            LOG.warnf("Idempotency keys unavailable: %s", failure.toString());
            if (!response.ended()) {
                response.putHeader("Retry-After", "1");
                ErrorResponses.write(response, 503, ErrorCode.SERVER_ERROR, "Requests with an " + HEADER
                        + " cannot be taken right now (their store is unavailable); retry shortly");
            }
            return Future.succeededFuture();
        });
    }

    /** Hands the call to the proxy's interceptor, which finds it by its request. */
    public void attach(HttpServerRequest request, Call call) {
        String id = UUID.randomUUID().toString();
        request.headers().set(MARKER, id);
        forwarded.put(id, call);
    }

    /** The call the request carries, or null. */
    public Call peek(HttpServerRequest request) {
        String id = request.getHeader(MARKER);
        return id == null ? null : forwarded.get(id);
    }

    /** The call the request carries (removing it), or null. */
    public Call detach(HttpServerRequest request) {
        String id = request.getHeader(MARKER);
        return id == null ? null : forwarded.remove(id);
    }

    /** Stores the answer of a forwarded call; a failure to store is logged, the answer still goes out. */
    public Future<Void> complete(Call call, int status, Iterable<Map.Entry<String, String>> headers, Buffer body) {
        JsonObject kept = new JsonObject();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(java.util.Locale.ROOT);
            if (KEPT_HEADERS.contains(name)) {
                kept.put(name, header.getValue());
            }
        }
        return store.complete(call.caller(), call.key(), call.claim(), new IdempotencyStore.Answer(status, kept, body))
                .timeout(config.storeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .recover(failure -> {
                    LOG.warnf("The answer to idempotency key %s was not stored: %s", call.key(), failure.toString());
                    return Future.succeededFuture();
                });
    }

    /** Frees the key of a call that never reached its service. */
    public Future<Void> release(Call call) {
        return store.release(call.caller(), call.key(), call.claim()).timeout(config.storeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .recover(failure -> {
                    LOG.warnf("Idempotency key %s was not released: %s (a retry may take it over after %s)", call.key(),
                            failure.toString(), config.lease());
                    return Future.succeededFuture();
                });
    }

    private static void replay(HttpServerResponse response, IdempotencyStore.Answer answer) {
        response.setStatusCode(answer.status());
        answer.headers().forEach(header -> response.putHeader(header.getKey(), String.valueOf(header.getValue())));
        response.putHeader(REPLAYED, "true").end(answer.body());
    }

    /** The key without the quotes of a Structured Field string, or null when it is not a usable key. */
    static String key(String header) {
        String key = header.length() >= 2 && header.startsWith("\"") && header.endsWith("\"")
                ? header.substring(1, header.length() - 1) : header;
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return null;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"') {
                return null;
            }
        }
        return key;
    }

    /** Reads the paused request's body whole; null when it is larger than allowed. */
    private Future<Buffer> body(HttpServerRequest request) {
        long max = config.maxBody().asLongValue();
        String length = request.getHeader("Content-Length");
        if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                && Long.parseLong(length) > max) {
            request.resume();
            return Future.succeededFuture();
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            // the client waits for this before it sends the body; the service gets the body whole, and no Expect
            request.response().writeContinue();
            request.headers().remove("Expect");
        }
        Promise<Buffer> read = Promise.promise();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > max) {
                read.tryComplete();
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(read::tryFail);
        request.endHandler(end -> read.tryComplete(body));
        request.resume();
        return read.future();
    }

    /** SHA-256 of method, path with query, and body: what a retry must repeat to be the same request. */
    static byte[] fingerprint(HttpServerRequest request, Buffer body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.method().name() + " " + request.uri() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(body.getBytes());
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
