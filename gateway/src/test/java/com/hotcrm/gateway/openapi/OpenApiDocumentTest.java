package com.hotcrm.gateway.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.gateway.routing.Upstream;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The merged document, made from the standard catalogue and two services' own documents, read by a real parser. */
class OpenApiDocumentTest {

    private static final List<JsonObject> CATALOGUE = OpenApiDocument.catalogue(new ObjectMapper());

    private static JsonObject serviceDocument(String path, String method, JsonObject pageSchema) {
        JsonObject ok = new JsonObject().put("200", new JsonObject().put("description", "OK"));
        JsonObject page = new JsonObject().put("application/json", new JsonObject()
                .put("schema", new JsonObject().put("$ref", "#/components/schemas/Page")));
        JsonObject answersAPage = new JsonObject().put("200", new JsonObject().put("description", "OK").put("content", page));
        JsonObject paths = new JsonObject()
                .put(path, new JsonObject().put(method, new JsonObject().put("responses", answersAPage)
                        .put("requestBody", new JsonObject().put("content", new JsonObject().put("application/json",
                                new JsonObject().put("schema", new JsonObject().put("$ref", "#/components/schemas/ObjectNode")))))))
                .put("/internal/users", new JsonObject().put("get", new JsonObject().put("responses", ok.copy())))
                .put("/v1/{object}", new JsonObject().put("post", new JsonObject().put("responses", ok.copy())));
        return new JsonObject().put("openapi", "3.1.0").put("paths", paths)
                .put("components", new JsonObject().put("schemas", new JsonObject().put("Page", pageSchema)
                        .put("ObjectNode", new JsonObject().put("type", "object").put("additionalProperties",
                                new JsonObject().put("$ref", "#/components/schemas/JsonNode")))
                        .put("JsonNode", new JsonObject().put("type", "object"))));
    }

    private static JsonObject merged() {
        JsonObject paths = new JsonObject();
        JsonObject schemas = new JsonObject();
        OpenApiDocument.merge(Upstream.WEBHOOK, serviceDocument("/v1/webhooks", "get",
                new JsonObject().put("type", "object").put("properties", new JsonObject().put("items", new JsonObject()))), paths, schemas);
        OpenApiDocument.merge(Upstream.QUERY, serviceDocument("/v1/query", "post",
                new JsonObject().put("type", "object").put("properties", new JsonObject().put("records", new JsonObject()))), paths, schemas);
        OpenApiDocument.merge(Upstream.AUTH, serviceDocument("/v1/auth/token", "post", new JsonObject().put("type", "object")), paths, schemas);
        // a path a service has but the gateway sends elsewhere is not that service's to describe
        OpenApiDocument.merge(Upstream.AI, serviceDocument("/v1/webhooks/{id}", "delete", new JsonObject().put("type", "object")), paths, schemas);
        return OpenApiDocument.compose(new OpenApiDocument.Fixed(paths, schemas, List.of(), 0), CATALOGUE);
    }

    private static OpenAPI parse(JsonObject document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document.encode(), null, options);
        assertEquals(List.of(), result.getMessages(), "the parser's complaints");
        assertNotNull(result.getOpenAPI());
        return result.getOpenAPI();
    }

    @Test
    void theServicesPathsThatTheGatewayRoutesToThemAreMergedWithClashingSchemasRenamed() {
        JsonObject document = merged();
        JsonObject paths = document.getJsonObject("paths");
        assertEquals("webhook-service", paths.getJsonObject("/v1/webhooks").getJsonObject("get").getString("x-hotcrm-service"));
        assertEquals("#/components/schemas/Page", paths.getJsonObject("/v1/webhooks").getJsonObject("get")
                .getJsonObject("responses").getJsonObject("200").getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("schema").getString("$ref"));
        assertEquals("#/components/schemas/Page_query", paths.getJsonObject("/v1/query").getJsonObject("post")
                .getJsonObject("responses").getJsonObject("200").getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("schema").getString("$ref"), "query-service's different Page keeps its own shape");
        assertTrue(document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Page_query")
                .getJsonObject("properties").containsKey("records"));
        assertFalse(paths.containsKey("/internal/users"), "internal endpoints are not the API");
        assertEquals(new JsonObject().put("type", "object"), paths.getJsonObject("/v1/query").getJsonObject("post")
                .getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json").getJsonObject("schema"),
                "a body of any JSON object is that, not Jackson's ObjectNode");
        assertFalse(document.getJsonObject("components").getJsonObject("schemas").containsKey("JsonNode"),
                "Jackson's tree types are no schemas of the API (a generated client's JsonNode would clash with Jackson's)");
        assertNull(paths.getJsonObject("/v1/webhooks/{id}"), "ai-service does not answer /v1/webhooks/{id}");
        assertEquals(new JsonArray(), paths.getJsonObject("/v1/auth/token").getJsonObject("post").getJsonArray("security"),
                "logging in needs no token");
        assertNull(paths.getJsonObject("/v1/webhooks").getJsonObject("get").getJsonArray("security"), "the rest do");
    }

    @Test
    void everyStandardObjectHasItsSchemasAndPathsAndTheDocumentParses() {
        OpenAPI api = parse(merged());
        assertEquals("3.1.0", api.getOpenapi());
        Schema<?> account = api.getComponents().getSchemas().get("Account");
        assertTrue(account.getProperties().keySet().containsAll(List.of("Id", "Name", "Industry", "OwnerId", "CreatedDate")));
        assertTrue(account.getProperties().get("Industry").getEnum().contains("Technology"));
        assertTrue(account.getProperties().get("Industry").getEnum().contains(null), "an optional picklist may be null");
        assertEquals(Boolean.TRUE, account.getProperties().get("CreatedDate").getReadOnly());
        assertEquals("date-time", account.getProperties().get("CreatedDate").getFormat());

        Schema<?> input = api.getComponents().getSchemas().get("AccountInput");
        assertFalse(input.getProperties().containsKey("Id"), "clients do not write system fields");
        assertFalse(input.getProperties().containsKey("CreatedDate"));
        assertTrue(input.getProperties().containsKey("Name"));
        assertEquals(Boolean.FALSE, input.getAdditionalProperties(), "an unknown field is refused, so the schema says so");

        var create = api.getPaths().get("/v1/accounts").getPost();
        assertNotNull(create.getResponses().get("201"));
        Schema<?> createBody = create.getRequestBody().getContent().get("application/json").getSchema();
        assertEquals(List.of("Name"), ((Schema<?>) createBody.getAllOf().get(1)).getRequired());
        assertNotNull(api.getPaths().get("/v1/accounts").getGet().getResponses().get("200"));
        assertNotNull(api.getPaths().get("/v1/accounts/{id}").getPatch());
        assertNotNull(api.getPaths().get("/v1/accounts/count").getGet());
        assertTrue(api.getPaths().get("/v1/accounts/sum/{field}").getGet().getParameters().get(0).getSchema().getEnum()
                .contains("AnnualRevenue"));
        assertNotNull(api.getPaths().get("/v1/batch/accounts").getPost());
        assertNotNull(api.getPaths().get("/v1/opportunities/{id}").getGet());

        // User is a read-only mirror without record paths of its own (/v1/users is auth-service's API)
        assertNotNull(api.getComponents().getSchemas().get("User"));
        assertNull(api.getComponents().getSchemas().get("UserInput"));

        assertEquals("#/components/schemas/Error", api.getComponents().getResponses().get("404").getContent()
                .get("application/json").getSchema().get$ref());
        assertNotNull(api.getComponents().getHeaders().get("X-RateLimit-Remaining"));
        assertEquals("bearer", api.getComponents().getSecuritySchemes().get("bearerAuth").getScheme());
        assertNotNull(api.getComponents().getSecuritySchemes().get("apiToken"));
    }

    @Test
    void everyAuthenticatedWriteTakesAnIdempotencyKey() {
        JsonObject paths = merged().getJsonObject("paths");
        String key = "#/components/parameters/IdempotencyKey";
        assertTrue(paths.getJsonObject("/v1/accounts").getJsonObject("post").getJsonArray("parameters").encode().contains(key));
        assertTrue(paths.getJsonObject("/v1/accounts/{id}").getJsonObject("delete").getJsonArray("parameters").encode().contains(key));
        assertTrue(paths.getJsonObject("/v1/query").getJsonObject("post").getJsonArray("parameters").encode().contains(key));
        assertFalse(String.valueOf(paths.getJsonObject("/v1/accounts").getJsonObject("get").getValue("parameters")).contains(key));
        // login is public: no caller, no key
        assertFalse(String.valueOf(paths.getJsonObject("/v1/auth/token").getJsonObject("post").getValue("parameters")).contains(key));
        OpenAPI api = parse(merged());
        assertEquals("Idempotency-Key", api.getComponents().getParameters().get("IdempotencyKey").getName());
        // the services' part of the document is kept and composed again for every request: the key is added once
        JsonObject servicePaths = new JsonObject();
        JsonObject serviceSchemas = new JsonObject();
        OpenApiDocument.merge(Upstream.QUERY, serviceDocument("/v1/query", "post", new JsonObject().put("type", "object")),
                servicePaths, serviceSchemas);
        OpenApiDocument.Fixed kept = new OpenApiDocument.Fixed(servicePaths, serviceSchemas, List.of(), 0);
        OpenApiDocument.compose(kept, CATALOGUE);
        JsonObject again = OpenApiDocument.compose(kept, CATALOGUE);
        assertEquals(1, again.getJsonObject("paths").getJsonObject("/v1/query").getJsonObject("post")
                .getJsonArray("parameters").stream().filter(p -> p.toString().contains("IdempotencyKey")).count());
        parse(again);
    }

    @Test
    void theParserSaysSoWhenADocumentIsBroken() {
        JsonObject broken = merged();
        broken.getJsonObject("paths").getJsonObject("/v1/accounts").getJsonObject("get").getJsonObject("responses")
                .put("418", new JsonObject().put("$ref", "#/components/responses/NoSuchResponse"));
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(broken.encode(), null, options);
        assertFalse(result.getMessages().isEmpty(), "a dangling reference is reported, so an empty list means something");
    }

    @Test
    void aCustomObjectAndACustomFieldFromMetadataGetTheirOwnSchema() {
        JsonObject project = new JsonObject().put("name", "Project__c").put("label", "Project").put("labelPlural", "Projects")
                .put("path", "projects").put("idPrefix", "prj").put("custom", true)
                .put("fields", new JsonArray()
                        .add(new JsonObject().put("name", "Id").put("type", "id").put("system", true).put("readOnly", true))
                        .add(new JsonObject().put("name", "Name").put("type", "text").put("required", true).put("length", 80))
                        .add(new JsonObject().put("name", "Budget__c").put("type", "currency").put("min", 0))
                        .add(new JsonObject().put("name", "Tags__c").put("type", "multipicklist")
                                .put("picklistValues", new JsonArray().add("a").add("b")))
                        .add(new JsonObject().put("name", "Account__c").put("type", "lookup")
                                .put("referenceTo", new JsonArray().add("Account")).put("relationshipName", "Account__r")));
        OpenAPI api = parse(OpenApiDocument.compose(new OpenApiDocument.Fixed(new JsonObject(), new JsonObject(), List.of(), 0),
                List.of(project)));
        Schema<?> schema = api.getComponents().getSchemas().get("Project__c");
        assertEquals(80, schema.getProperties().get("Name").getMaxLength());
        assertEquals(0, schema.getProperties().get("Budget__c").getMinimum().intValue());
        assertEquals(List.of("a", "b"), schema.getProperties().get("Tags__c").getItems().getEnum());
        assertTrue(schema.getProperties().get("Account__c").getDescription().contains("Account"));
        assertNotNull(api.getPaths().get("/v1/projects/{id}").getDelete());
    }
}
