package com.hotcrm.sdk;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import com.hotcrm.sdk.model.Account;
import com.hotcrm.sdk.model.Activity;
import com.hotcrm.sdk.model.ApiResponse;
import com.hotcrm.sdk.model.Case;
import com.hotcrm.sdk.model.Contact;
import com.hotcrm.sdk.model.KnowledgeArticle;
import com.hotcrm.sdk.model.Lead;
import com.hotcrm.sdk.model.Opportunity;
import com.hotcrm.sdk.model.OpportunityLineItem;
import com.hotcrm.sdk.model.Page;
import com.hotcrm.sdk.model.Product;
import com.hotcrm.sdk.model.CrmRecord;

/**
 * A HotCRM API client. Thread-safe; build one and share it.
 *
 * <pre>{@code
 * HotCRMClient client = HotCRMClient.builder()
 *         .apiKey("YOUR_API_KEY")
 *         .baseUrl("https://api.hotcrm.com/v1")
 *         .build();
 * Page<Account> accounts = client.accounts().list(ListOptions.builder()
 *         .filter("Industry", "=", "Technology")
 *         .limit(20)
 *         .build());
 * }</pre>
 *
 * <p>Or log in: {@code HotCRMClient.builder().baseUrl(url).login(email, password).build()} — the client then keeps
 * the session alive by itself (the access token is refreshed before it expires, and once if the API answers 401).
 * Every call has a timeout; 429 and 503 answers are retried a bounded number of times after the
 * {@code Retry-After} they give; every failure is a {@link HotCRMException}.
 */
public final class HotCRMClient {

    /** Where the API is when neither the builder nor {@code HOTCRM_BASE_URL} says. */
    public static final String DEFAULT_BASE_URL = "https://api.hotcrm.com/v1";
    public static final String VERSION = "0.1.0";

    private final Transport transport;
    private final Ai ai;
    private final Metadata metadata;
    private final Webhooks webhooks;
    private final ApiTokens apiTokens;
    private final Users users;
    private final Changes changes;

    private HotCRMClient(Transport transport) {
        this.transport = transport;
        this.ai = new Ai(transport);
        this.metadata = new Metadata(transport);
        this.webhooks = new Webhooks(transport);
        this.apiTokens = new ApiTokens(transport);
        this.users = new Users(transport);
        this.changes = new Changes(transport);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URL calls go to, e.g. {@code https://api.hotcrm.com/v1}. */
    public String baseUrl() {
        return transport.baseUrl();
    }

    // ---- records ---------------------------------------------------------------------------------

    public Records<Account> accounts() {
        return object("Account", Account::new);
    }

    public Records<Contact> contacts() {
        return object("Contact", Contact::new);
    }

    public Records<Lead> leads() {
        return object("Lead", Lead::new);
    }

    public Records<Opportunity> opportunities() {
        return object("Opportunity", Opportunity::new);
    }

    public Records<OpportunityLineItem> opportunityLineItems() {
        return object("OpportunityLineItem", OpportunityLineItem::new);
    }

    public Records<Product> products() {
        return object("Product", Product::new);
    }

    public Records<Case> cases() {
        return object("Case", Case::new);
    }

    public Records<Activity> activities() {
        return object("Activity", Activity::new);
    }

    public Records<KnowledgeArticle> knowledgeArticles() {
        return object("KnowledgeArticle", KnowledgeArticle::new);
    }

    /**
     * The records of any object, by API name ({@code "Project__c"}, {@code "Account"})
     * or path ({@code "accounts"}).
     */
    public Records<CrmRecord> object(String name) {
        return object(name, CrmRecord::new);
    }

    /** The records of any object as your own {@link CrmRecord} subclass: {@code object("Project__c", Project::new)}. */
    public <T extends CrmRecord> Records<T> object(String name, Function<Map<String, Object>, T> type) {
        return new Records<>(transport, name, type);
    }

    /** Batch create, update and delete of an object's records ({@code /batch/{object}}). */
    public Batch batch(String object) {
        return new Batch(transport, object);
    }

    // ---- /query ----------------------------------------------------------------------------------

    /** One page of a {@code POST /query}. */
    public Page<CrmRecord> query(Query query) {
        return Pages.page(transport.post("query", query), CrmRecord::new);
    }

    /** One page of a {@code POST /query} given as the reference's body ({@code object}, {@code fields}...). */
    public Page<CrmRecord> query(Map<String, ?> body) {
        Map<String, Object> sent = new LinkedHashMap<>(body);
        Object object = Objects.requireNonNull(sent.get("object"), "query body needs \"object\"");
        sent.put("object", ObjectNames.apiName(object.toString()));
        return Pages.page(transport.post("query", sent), CrmRecord::new);
    }

    /**
     * Every record a query finds, with its related records, page after page by cursor ({@code limit} is the
     * page size, 200 when not given).
     */
    public Stream<CrmRecord> queryAll(Query query) {
        return Pages.stream(queryPages(transport, query, CrmRecord::new));
    }

    static <T extends CrmRecord> Iterable<T> queryPages(Transport transport, Query query,
            Function<Map<String, Object>, T> type) {
        Query paged = query.copy();
        if (paged.toMap().get("limit") == null) {
            paged.limit(Records.ITERATION_PAGE_SIZE);
        }
        Object start = paged.toMap().get("offset");
        return Pages.iterable((cursor, offset) -> {
            Query page = paged.copy().cursor(cursor);
            page.set("offset", cursor == null ? offset : null);
            return Pages.page(transport.post("query", page), type);
        }, start instanceof Number number ? number.intValue() : null);
    }

    // ---- the rest of the API ---------------------------------------------------------------------

    /** The AI endpoints: lead score, win prediction, briefing, transcription, knowledge, cases, products. */
    public Ai ai() {
        return ai;
    }

    /** Objects, fields, permissions and shares. */
    public Metadata metadata() {
        return metadata;
    }

    public Webhooks webhooks() {
        return webhooks;
    }

    /** The caller's API tokens. */
    public ApiTokens apiTokens() {
        return apiTokens;
    }

    /** Users (admins), and {@code users().me()}. */
    public Users users() {
        return users;
    }

    /** The change feed: every change of the objects followed, in commit order, after a cursor. */
    public Changes changes() {
        return changes;
    }

    // ---- the session -----------------------------------------------------------------------------

    /** The bearer token sent now: the API key, or a login's current access token. */
    public String accessToken() {
        return transport.session.accessToken();
    }

    /** A login's current refresh token (it changes with every refresh); null for an API key. */
    public String refreshToken() {
        return transport.session.refreshToken();
    }

    /** Refreshes a login's tokens now (it happens by itself when needed). */
    public void refresh() {
        transport.session.refresh(transport, null);
    }

    /** Ends a login: its refresh tokens are revoked (the access token runs out within the hour). */
    public void logout() {
        String refreshToken = transport.session.refreshToken();
        if (refreshToken != null) {
            transport.send("POST", "auth/logout", null, Map.of("refreshToken", refreshToken), false);
            transport.session.forgetRefreshToken();
        }
    }

    @Override
    public String toString() {
        return "HotCRMClient[" + transport.baseUrl() + "]";
    }

    /**
     * How to reach and authenticate to the API. {@code apiKey} and {@code baseUrl} default to the environment's
     * {@code HOTCRM_API_KEY} and {@code HOTCRM_BASE_URL} (else {@value #DEFAULT_BASE_URL}).
     */
    public static final class Builder {

        private String apiKey;
        private String baseUrl;
        private String email;
        private String password;
        private String sessionAccessToken;
        private String sessionRefreshToken;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxRetries = 3;
        private Duration maxRetryWait = Duration.ofSeconds(60);
        private Duration retryBackoff = Duration.ofMillis(500);
        private String userAgent = "hotcrm-java/" + VERSION;
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private Transport.Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());
        private Map<String, String> environment = System.getenv();
        private Consumer<ApiResponse> listener;

        private Builder() {
        }

        /** An API token ({@code hcrm_...}, from {@code POST /auth/api-tokens}) or any access token. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The API's base URL, including {@code /v1}: {@code https://api.hotcrm.com/v1}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * Logs in with {@code POST /auth/token} when {@link #build()} is called; the client then refreshes its
         * session by itself. The password is not kept.
         */
        public Builder login(String email, String password) {
            this.email = Objects.requireNonNull(email, "email");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * Continues a login made elsewhere: its access token is used until it fails with 401, then renewed with
         * the refresh token.
         */
        public Builder session(String accessToken, String refreshToken) {
            this.sessionAccessToken = accessToken;
            this.sessionRefreshToken = Objects.requireNonNull(refreshToken, "refreshToken");
            return this;
        }

        /** How long one HTTP request may take, from sending to the whole answer (default 30 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** How long connecting may take (default 10 s). Ignored with {@link #httpClient}. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** How often a 429 or 503 is retried (default 3; 0 never). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be 0 or more");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * The longest wait before a retry (default 60 s): an answer whose {@code Retry-After} asks for longer is
         * thrown at once, so that no call hangs for an hour on a spent rate limit.
         */
        public Builder maxRetryWait(Duration maxRetryWait) {
            this.maxRetryWait = Objects.requireNonNull(maxRetryWait, "maxRetryWait");
            return this;
        }

        /** The first wait when an answer gives no {@code Retry-After}; doubled each retry (default 500 ms). */
        public Builder retryBackoff(Duration retryBackoff) {
            this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
            return this;
        }

        /** Your own {@link HttpClient} (proxy, TLS, executor); its connect timeout is yours to set. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Called with every HTTP answer (each retry and token refresh too), on the calling thread, before the SDK
         * reads it: for logging, metrics, or headers such as {@code X-RateLimit-Remaining}. What it throws
         * reaches the caller.
         */
        public Builder onResponse(Consumer<ApiResponse> listener) {
            this.listener = listener;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        Builder sleeper(Transport.Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /** The client; with {@link #login} this logs in first (a {@link HotCRMException} if that fails). */
        public HotCRMClient build() {
            String url = firstOf(baseUrl, environment.get("HOTCRM_BASE_URL"), DEFAULT_BASE_URL);
            URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL, e.g. "
                        + DEFAULT_BASE_URL + "; got " + url);
            }
            HttpClient http = httpClient != null ? httpClient
                    : HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER).build();
            Transport.Settings settings = new Transport.Settings(uri, timeout, maxRetries, maxRetryWait, retryBackoff,
                    userAgent, http, clock, sleeper, listener);
            Session session;
            if (email != null) {
                session = new Session(null, null);
            } else if (sessionRefreshToken != null) {
                session = new Session(sessionAccessToken, sessionRefreshToken);
            } else {
                String key = firstOf(apiKey, environment.get("HOTCRM_API_KEY"), null);
                if (key == null || key.isBlank()) {
                    throw new IllegalStateException("No credentials: set apiKey(...) (or HOTCRM_API_KEY), "
                            + "login(email, password) or session(accessToken, refreshToken)");
                }
                session = new Session(key, null);
            }
            Transport transport = new Transport(settings, session);
            if (email != null) {
                Map<String, Object> credentials = new LinkedHashMap<>();
                credentials.put("email", email);
                credentials.put("password", password);
                session.accept(transport.send("POST", "auth/token", null, credentials, false), clock.instant());
            }
            return new HotCRMClient(transport);
        }

        private static String firstOf(String first, String second, String fallback) {
            if (first != null && !first.isBlank()) {
                return first;
            }
            return second != null && !second.isBlank() ? second : fallback;
        }

        private static Duration positive(Duration duration, String name) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return duration;
        }
    }
}
