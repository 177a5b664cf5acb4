package com.hotcrm.gateway.openapi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.gateway.config.GatewayConfig;
import com.hotcrm.gateway.routing.RouteTable;
import com.hotcrm.gateway.idempotency.IdempotencyKeys;
import com.hotcrm.gateway.routing.Upstream;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.StandardObjects;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The API's one OpenAPI 3.1 document, served by the gateway at {@code GET /v1/openapi.json} (and
 * {@code /q/openapi}):
 * <ul>
 * <li>the services' fixed endpoints, from each one's own {@code /q/openapi}: only paths the gateway routes to
 * that service (never {@code /internal/...}), their schemas merged (a name two services use differently is
 * renamed after the service);</li>
 * <li>for every object, its schemas and paths from metadata ({@link ObjectOperations}). With a token: live
 * metadata as the caller may read it ({@code GET /v1/metadata/objects}, their token), custom objects and
 * fields included, so the document changes when an admin adds a field. Without one: the standard objects'
 * catalogue only, which is public; an organisation's custom objects are not shown to strangers;</li>
 * <li>the error envelope and its responses, bearer and API-token security, the rate-limit headers.</li>
 * </ul>
 * The services' part is kept for a minute; a service that does not answer is left out of that copy (the
 * document says which in {@code x-hotcrm-missing}) and asked again on the next request.
 */
@ApplicationScoped
public class OpenApiDocument {

    private static final Logger LOG = Logger.getLogger(OpenApiDocument.class);
    private static final Duration SERVICES_KEPT = Duration.ofMinutes(1);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    private static final String SCHEMAS = "#/components/schemas/";
    /** Jackson's tree types, as the services' documents name a body of any JSON; not the API's own schemas. */
    private static final Map<String, JsonObject> JACKSON_TREES = Map.of(
            "ObjectNode", new JsonObject().put("type", "object"),
            "JsonNode", new JsonObject(),
            "ArrayNode", new JsonObject().put("type", "array"));
    private static final Set<String> JACKSON_TYPES = Set.of("ObjectNode", "JsonNode", "ArrayNode", "JsonNodeType");
    /** Paths whose operations the document writes per object instead. */
    private static final Set<String> PER_OBJECT = Set.of("{object}");

    private final HttpClient http;
    private final GatewayConfig config;
    private static final RouteTable ROUTES = RouteTable.standard();
    private final List<JsonObject> catalogue;
    private volatile Fixed fixed;

    /** The services' merged paths and schemas, when they were fetched, and which services were missing. */
    record Fixed(JsonObject paths, JsonObject schemas, List<String> missing, long fetchedAtNanos) {
    }

    OpenApiDocument(Vertx vertx, GatewayConfig config, ObjectMapper mapper) {
        this.config = config;
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(4)
                .setConnectTimeout((int) config.connectTimeout().toMillis()));
        this.catalogue = catalogue(mapper);
    }

    /** The standard objects as the metadata API describes them. */
    static List<JsonObject> catalogue(ObjectMapper mapper) {
        List<JsonObject> objects = new ArrayList<>();
        for (ObjectDef def : StandardObjects.all()) {
            objects.add(new JsonObject(mapper.convertValue(def, Map.class)));
        }
        return objects;
    }

    /**
     * The document for a caller: with their {@code Authorization} header (already verified by the gateway,
     * an API token already exchanged), every object they can see; with null, the standard objects.
     */
    public Future<JsonObject> document(String authorization) {
        Future<List<JsonObject>> objects = authorization == null ? Future.succeededFuture(catalogue)
                : liveObjects(authorization);
        return services().compose(services -> objects.map(defs -> compose(services, defs)));
    }

    static JsonObject compose(Fixed services, List<JsonObject> objects) {
        JsonObject schemas = components();
        JsonObject paths = new JsonObject();
        for (JsonObject object : objects) {
            ObjectOperations.add(object, paths, schemas);
        }
        services.paths().forEach(entry -> paths.put(entry.getKey(), entry.getValue()));
        idempotencyKeys(paths);
        services.schemas().forEach(entry -> {
            if (!schemas.containsKey(entry.getKey())) {
                schemas.put(entry.getKey(), entry.getValue());
            }
        });
        JsonObject document = new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", "HotCRM API").put("version", "1")
                        .put("description", "Every endpoint behind the gateway. Record schemas are generated from "
                                + "metadata: fetch this document with your token to see your organisation's custom "
                                + "objects and fields. Errors share one envelope; every response carries "
                                + "X-RateLimit-* headers."))
                // relative: the paths start with /v1 wherever the gateway is reached
                .put("servers", new JsonArray().add(new JsonObject().put("url", "/")))
                .put("security", new JsonArray().add(new JsonObject().put("bearerAuth", new JsonArray()))
                        .add(new JsonObject().put("apiToken", new JsonArray())))
                .put("paths", sorted(paths))
                .put("components", new JsonObject()
                        .put("schemas", sorted(schemas))
                        .put("responses", errorResponses())
                        .put("headers", rateLimitHeaderComponents())
                        .put("parameters", new JsonObject().put("IdempotencyKey", new JsonObject()
                                .put("name", IdempotencyKeys.HEADER).put("in", "header").put("required", false)
                                .put("description", "Runs the write once per caller and key: a retry with the same key "
                                        + "and request gets the first answer again (Idempotent-Replayed: true) for 24 h; "
                                        + "409 while the first still runs, 422 for another request under the same key.")
                                .put("schema", new JsonObject().put("type", "string").put("minLength", 1)
                                        .put("maxLength", 255))))
                        .put("securitySchemes", securitySchemes()));
        if (!services.missing().isEmpty()) {
            document.put("x-hotcrm-missing", new JsonArray(services.missing()));
        }
        return document;
    }

    // ------------------------------------------------------------------ objects from metadata

    private Future<List<JsonObject>> liveObjects(String authorization) {
        return get(Upstream.RECORDS, "/v1/metadata/objects", authorization).compose(list -> {
            List<Future<JsonObject>> each = new ArrayList<>();
            for (Object summary : list.getJsonArray("objects", new JsonArray())) {
                String name = ((JsonObject) summary).getString("name");
                each.add(get(Upstream.RECORDS, "/v1/metadata/objects/" + name, authorization));
            }
            return Future.all(each).map(all -> all.<JsonObject>list());
        });
    }

    // ------------------------------------------------------------------ the services' fixed endpoints

    private Future<Fixed> services() {
        Fixed kept = fixed;
        if (kept != null && kept.missing().isEmpty() && System.nanoTime() - kept.fetchedAtNanos() < SERVICES_KEPT.toNanos()) {
            return Future.succeededFuture(kept);
        }
        List<Future<JsonObject>> fetched = new ArrayList<>();
        for (Upstream upstream : Upstream.values()) {
            fetched.add(get(upstream, "/q/openapi?format=json", null).otherwise(failure -> {
                LOG.debugf("No OpenAPI document from %s: %s", upstream.serviceName(), failure.getMessage());
                return null;
            }));
        }
        return Future.join(fetched).map(all -> {
            JsonObject paths = new JsonObject();
            JsonObject schemas = new JsonObject();
            List<String> missing = new ArrayList<>();
            Upstream[] upstreams = Upstream.values();
            for (int i = 0; i < upstreams.length; i++) {
                JsonObject document = all.resultAt(i);
                if (document == null) {
                    missing.add(upstreams[i].serviceName());
                } else {
                    merge(upstreams[i], document, paths, schemas);
                }
            }
            Fixed made = new Fixed(paths, schemas, missing, System.nanoTime());
            fixed = made;
            return made;
        });
    }

    /** Adds the paths of {@code document} the gateway routes to {@code upstream}, and the schemas they use. */
    static void merge(Upstream upstream, JsonObject document, JsonObject paths, JsonObject schemas) {
        JsonObject theirSchemas = document.getJsonObject("components", new JsonObject())
                .getJsonObject("schemas", new JsonObject()).copy();
        Map<String, String> renamed = new HashMap<>();
        for (String name : List.copyOf(theirSchemas.fieldNames())) {
            if (JACKSON_TYPES.contains(name)) {
                theirSchemas.remove(name);
                continue;
            }
            Object existing = schemas.getValue(name);
            if (existing != null && !existing.equals(theirSchemas.getValue(name))) {
                renamed.put(name, name + "_" + upstream.serviceName().replace("-service", ""));
            }
        }
        UnaryOperator<Object> rename = value -> renameRefs(value, renamed);
        for (String name : theirSchemas.fieldNames()) {
            schemas.put(renamed.getOrDefault(name, name), rename.apply(theirSchemas.getValue(name)));
        }
        JsonObject theirPaths = document.getJsonObject("paths", new JsonObject());
        for (String path : theirPaths.fieldNames()) {
            if (!path.startsWith("/v1/") || PER_OBJECT.stream().anyMatch(path::contains)) {
                continue;
            }
            JsonObject operations = new JsonObject();
            boolean any = false;
            for (var entry : theirPaths.getJsonObject(path)) {
                String key = entry.getKey();
                if (!isMethod(key)) {
                    operations.put(key, rename.apply(entry.getValue()));
                } else if (routedTo(key, path) == upstream) {
                    JsonObject operation = (JsonObject) rename.apply(entry.getValue());
                    if (RouteTable.isPublic(key.toUpperCase(), path.substring(3))) {
                        operation.put("security", new JsonArray());
                    }
                    operations.put(key, operation.put("x-hotcrm-service", upstream.serviceName()));
                    any = true;
                }
            }
            if (any) {
                paths.put(path, operations);
            }
        }
    }

    private static Upstream routedTo(String method, String path) {
        // a template segment stands for any value: try the path with a plausible one in its place
        String concrete = path.substring(3).replaceAll("\\{[^}]+}", "x1");
        return ROUTES.resolve(method.toUpperCase(), concrete) instanceof RouteTable.Routed routed ? routed.upstream() : null;
    }

    private static boolean isMethod(String key) {
        return Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(key);
    }

    /**
     * A copy of {@code value} with references to renamed schemas renamed, and references to Jackson's tree
     * types (a service taking any JSON) replaced by what they mean: any object, any value.
     */
    private static Object renameRefs(Object value, Map<String, String> renamed) {
        if (value instanceof JsonObject object) {
            if (object.getValue("$ref") instanceof String ref && ref.startsWith(SCHEMAS)) {
                String name = ref.substring(SCHEMAS.length());
                JsonObject tree = JACKSON_TREES.get(name);
                return tree != null ? tree.copy() : new JsonObject().put("$ref", SCHEMAS + renamed.getOrDefault(name, name));
            }
            JsonObject copy = new JsonObject();
            object.forEach(entry -> copy.put(entry.getKey(), renameRefs(entry.getValue(), renamed)));
            return copy;
        }
        if (value instanceof JsonArray array) {
            JsonArray copy = new JsonArray();
            array.forEach(item -> copy.add(renameRefs(item, renamed)));
            return copy;
        }
        return value;
    }

    private Future<JsonObject> get(Upstream upstream, String path, String authorization) {
        RequestOptions options = config.origin(upstream).setMethod(HttpMethod.GET).setURI(path)
                .setTimeout(FETCH_TIMEOUT.toMillis());
        if (authorization != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        return http.request(options).compose(request -> request.send()).compose(response -> response.body().compose(body -> {
            if (response.statusCode() != 200) {
                return Future.failedFuture(new UpstreamAnswer(response.statusCode(), body.toString()));
            }
            return Future.succeededFuture(body.toJsonObject());
        }));
    }

    /** A service's answer other than 200, passed on as it is (status and envelope). */
    public static final class UpstreamAnswer extends RuntimeException {
        private final int status;
        private final String body;

        UpstreamAnswer(int status, String body) {
            super(status + " " + body, null, false, false);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }

    private static final java.util.Set<String> WRITES = java.util.Set.of("post", "put", "patch", "delete");
    private static final JsonObject IDEMPOTENCY_KEY = new JsonObject().put("$ref", "#/components/parameters/IdempotencyKey");

    /** Every authenticated write takes an Idempotency-Key (the gateway's {@link IdempotencyKeys}). */
    static void idempotencyKeys(JsonObject paths) {
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (WRITES.contains(method) && item.getValue(method) instanceof JsonObject operation
                        && !new JsonArray().equals(operation.getValue("security"))) {
                    JsonArray parameters = operation.getJsonArray("parameters");
                    if (parameters == null) {
                        parameters = new JsonArray();
                        operation.put("parameters", parameters);
                    }
                    // the services' operations are kept between documents: once is enough
                    if (!parameters.contains(IDEMPOTENCY_KEY)) {
                        parameters.add(IDEMPOTENCY_KEY.copy());
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ components the gateway owns

    private static JsonObject components() {
        JsonObject detail = new JsonObject().put("type", "object").put("required", new JsonArray().add("message"))
                .put("properties", new JsonObject().put("field", new JsonObject().put("type", "string"))
                        .put("message", new JsonObject().put("type", "string")));
        JsonArray codes = new JsonArray();
        for (ErrorCode code : ErrorCode.values()) {
            codes.add(code.name());
        }
        JsonObject error = new JsonObject().put("type", "object").put("required", new JsonArray().add("error"))
                .put("description", "Every error, from every service and the gateway")
                .put("properties", new JsonObject().put("error", new JsonObject().put("type", "object")
                        .put("required", new JsonArray().add("code").add("message").add("details"))
                        .put("properties", new JsonObject()
                                .put("code", new JsonObject().put("type", "string").put("enum", codes))
                                .put("message", new JsonObject().put("type", "string")
                                        .put("description", "What went wrong and what to change"))
                                .put("details", new JsonObject().put("type", "array").put("items", detail)))));
        JsonObject batchResult = new JsonObject().put("type", "object")
                .put("properties", new JsonObject()
                        .put("results", new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "object")
                                .put("properties", new JsonObject().put("Id", new JsonObject().put("type", new JsonArray().add("string").add("null")))
                                        .put("success", new JsonObject().put("type", "boolean"))
                                        .put("errors", new JsonObject().put("type", "array").put("items", detail.copy())))))
                        .put("successCount", new JsonObject().put("type", "integer"))
                        .put("errorCount", new JsonObject().put("type", "integer")));
        JsonObject groupBy = new JsonObject().put("type", "object").put("required", new JsonArray().add("groupBy"))
                .put("properties", new JsonObject()
                        // one name may also be sent as a plain string; the list form is the one clients generate
                        .put("groupBy", new JsonObject().put("description", "Up to 3 field names (one may be sent as a string)")
                                .put("type", "array").put("minItems", 1).put("maxItems", 3)
                                .put("items", new JsonObject().put("type", "string")))
                        .put("aggregations", new JsonObject().put("type", "object")
                                .put("description", "Result names to {\"function\": \"SUM\", \"field\": \"Amount\"}")
                                .put("additionalProperties", new JsonObject().put("type", "object")
                                        .put("properties", new JsonObject()
                                                .put("function", new JsonObject().put("type", "string")
                                                        .put("enum", new JsonArray().add("COUNT").add("SUM").add("AVG").add("MIN").add("MAX")))
                                                .put("field", new JsonObject().put("type", "string")))))
                        .put("filters", new JsonObject().put("type", "array"))
                        .put("having", new JsonObject().put("type", "array"))
                        .put("sort", new JsonObject()));
        return new JsonObject().put("Error", error).put("BatchResult", batchResult).put("GroupByRequest", groupBy);
    }

    private static JsonObject errorResponses() {
        JsonObject responses = new JsonObject();
        Map<String, String> described = Map.of(
                "400", "VALIDATION_ERROR or DUPLICATE_ERROR: the body or a parameter is wrong; details name the fields",
                "401", "AUTHENTICATION_ERROR: no token, or one that is expired or revoked",
                "403", "PERMISSION_ERROR: the caller may not do this",
                "404", "NOT_FOUND: no such resource, or one the caller may not see",
                "409", "REFERENCE_ERROR: a lookup points at nothing, or children still point here",
                "429", "RATE_LIMIT_ERROR: retry after Retry-After seconds",
                "503", "SERVER_ERROR: a service or the database is unavailable for now; retry after Retry-After seconds");
        described.forEach((status, description) -> responses.put(status, new JsonObject().put("description", description)
                .put("headers", rateLimitHeaders())
                .put("content", new JsonObject().put("application/json", new JsonObject()
                        .put("schema", new JsonObject().put("$ref", "#/components/schemas/Error"))))));
        return responses;
    }

    /** The rate-limit headers, by reference, for a response's {@code headers}. */
    static JsonObject rateLimitHeaders() {
        JsonObject headers = new JsonObject();
        for (String name : List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")) {
            headers.put(name, new JsonObject().put("$ref", "#/components/headers/" + name));
        }
        return headers;
    }

    private static JsonObject rateLimitHeaderComponents() {
        return new JsonObject()
                .put("X-RateLimit-Limit", header("Requests allowed per minute for this token's tier"))
                .put("X-RateLimit-Remaining", header("Requests left in the current minute"))
                .put("X-RateLimit-Reset", header("When the current minute ends, in epoch seconds"));
    }

    private static JsonObject header(String description) {
        return new JsonObject().put("description", description)
                .put("schema", new JsonObject().put("type", "integer"));
    }

    private static JsonObject securitySchemes() {
        return new JsonObject()
                .put("bearerAuth", new JsonObject().put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                        .put("description", "An access token from POST /v1/auth/token (expires; renew with POST /v1/auth/refresh)"))
                .put("apiToken", new JsonObject().put("type", "http").put("scheme", "bearer")
                        .put("description", "An API token from POST /v1/auth/api-tokens, sent as a bearer token"));
    }

    private static JsonObject sorted(JsonObject object) {
        JsonObject sorted = new JsonObject();
        object.fieldNames().stream().sorted().forEach(name -> sorted.put(name, object.getValue(name)));
        return sorted;
    }
}
