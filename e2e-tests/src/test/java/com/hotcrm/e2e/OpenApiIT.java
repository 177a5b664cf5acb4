package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;

/**
 * The gateway's one OpenAPI document over the real suite: every service's fixed endpoints and a schema per
 * object from live metadata, read by a real OpenAPI parser; real answers checked against it; custom objects
 * shown only to callers with a token; Swagger UI at /docs.
 */
@ExtendWith(RunningSuite.class)
class OpenApiIT {

    static final String TAG = String.valueOf(ThreadLocalRandom.current().nextInt(100000, 999999));

    static OpenAPI parse(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        assertEquals(List.of(), result.getMessages(), "the parser's complaints");
        assertNotNull(result.getOpenAPI());
        return result.getOpenAPI();
    }

    static Schema<?> schema(OpenAPI api, String name) {
        return (Schema<?>) api.getComponents().getSchemas().get(name);
    }

    static Schema<?> property(Schema<?> schema, String name) {
        return schema.getProperties() == null ? null : (Schema<?>) schema.getProperties().get(name);
    }

    static OpenAPI document(boolean withToken) {
        var request = withToken ? given() : given().auth().none();
        String json = request.when().get("/v1/openapi.json")
                .then().statusCode(200).contentType(containsString("application/json"))
                .extract().asString();
        return parse(json);
    }

    @Test
    void everyServicesEndpointsAreInOneValidDocument() {
        OpenAPI api = document(true);
        assertEquals("3.1.0", api.getOpenapi());
        assertNull(api.getExtensions() == null ? null : api.getExtensions().get("x-hotcrm-missing"), "every service answered");
        for (String path : List.of("/v1/auth/token", "/v1/users", "/v1/metadata/objects", "/v1/query", "/v1/webhooks",
                "/v1/ai/briefing", "/v1/accounts", "/v1/accounts/{id}", "/v1/accounts/count", "/v1/batch/accounts")) {
            assertNotNull(api.getPaths().get(path), path + " is documented");
        }
        assertTrue(api.getPaths().keySet().stream().noneMatch(path -> path.startsWith("/internal")),
                "no internal endpoint is published");
        assertTrue(api.getPaths().keySet().stream().noneMatch(path -> path.contains("{object}")),
                "record endpoints are written per object");
        assertTrue(api.getPaths().get("/v1/auth/token").getPost().getSecurity().isEmpty(), "logging in needs no token");
    }

    @Test
    void fixedShapeBodiesAreTypedAndRefuseUnknownFields() {
        OpenAPI api = document(true);
        Map<String, String> bodies = Map.of("/v1/users", "NewUser", "/v1/webhooks", "NewWebhook", "/v1/query", "QueryRequest",
                "/v1/metadata/objects", "ObjectDefinition", "/v1/ai/briefing", "BriefingRequest", "/v1/auth/api-tokens",
                "NewApiToken");
        bodies.forEach((path, name) -> {
            Schema<?> body = api.getPaths().get(path).getPost().getRequestBody().getContent().get("application/json").getSchema();
            assertEquals("#/components/schemas/" + name, body.get$ref(), path);
            assertEquals(Boolean.FALSE, schema(api, name).getAdditionalProperties(), name + " refuses unknown fields");
        });
        assertNotNull(property(schema(api, "NewUser"), "Email"), "fields are named as the API names them");
        assertNotNull(property(schema(api, "UserChanges"), "Title"), "the PATCH body is documented too");
        // and the API does what the document says
        given().contentType(ContentType.JSON).body(Map.of("object", "Account", "limt", 5)).when().post("/v1/query").then().statusCode(400)
                .body("error.details[0].field", equalTo("limt"));
    }

    @Test
    void anAdminsNewFieldAppearsInTheDocumentAndACustomObjectOnlyForCallersWithAToken() {
        String object = "Shipment" + TAG + "__c";
        given().contentType(ContentType.JSON).body(Map.of("name", object, "label", "Shipment " + TAG))
                .when().post("/v1/metadata/objects").then().statusCode(201);
        assertFalse(schema(document(true), object).getProperties().containsKey("Weight__c"));

        given().contentType(ContentType.JSON).body(Map.of("name", "Weight__c", "type", "number", "min", 0))
                .when().post("/v1/metadata/objects/" + object + "/fields").then().statusCode(201);
        OpenAPI api = document(true);
        Schema<?> weight = property(schema(api, object), "Weight__c");
        assertNotNull(weight, "the new field is in the object's schema at once");
        assertTrue(weight.getTypes().contains("number"));
        assertEquals(BigDecimal.ZERO, weight.getMinimum().stripTrailingZeros());
        assertNotNull(property(schema(api, object + "Input"), "Weight__c"));

        OpenAPI anonymous = document(false);
        assertNull(anonymous.getComponents().getSchemas().get(object), "a stranger does not learn the organisation's objects");
        assertNotNull(anonymous.getComponents().getSchemas().get("Account"), "the standard objects are public");
        assertNotNull(anonymous.getPaths().get("/v1/auth/token"));
    }

    @Test
    void aTokenThatIsNotOneIsRefusedNotIgnored() {
        given().auth().oauth2("not-a-token").when().get("/v1/openapi.json")
                .then().statusCode(401)
                .body("error.code", equalTo("AUTHENTICATION_ERROR"));
    }

    @Test
    void realAnswersMatchTheirSchemas() {
        OpenAPI api = document(true);
        Map<String, Object> created = given().contentType(ContentType.JSON)
                .body(Map.of("Name", "Schema Check " + TAG, "Industry", "Technology", "AnnualRevenue", 1200000))
                .when().post("/v1/accounts").then().statusCode(201).extract().jsonPath().getMap("");
        assertConforms(api, "Account", created);
        Map<String, Object> read = given().when().get("/v1/accounts/" + created.get("Id"))
                .then().statusCode(200).extract().jsonPath().getMap("");
        assertConforms(api, "Account", read);
        List<Map<String, Object>> page = given().queryParam("limit", 5).when().get("/v1/opportunities")
                .then().statusCode(200).extract().jsonPath().getList("records");
        for (Map<String, Object> record : page) {
            assertConforms(api, "Opportunity", record);
        }
        Map<String, Object> error = given().contentType(ContentType.JSON).body(Map.of("Industry", "Not an industry"))
                .when().post("/v1/accounts").then().statusCode(400).extract().jsonPath().getMap("");
        assertConforms(api, "Error", error);

        // and the check can fail: an undeclared property and a wrong type are both seen
        List<String> problems = new ArrayList<>();
        check(api, schema(api, "Account"), Map.of("Nope", 1, "Name", 5), "Account", problems);
        assertEquals(2, problems.size(), problems.toString());
    }

    /** Every property of {@code value} is declared by the schema with a type that fits it; required ones are there. */
    @SuppressWarnings("unchecked")
    static void assertConforms(OpenAPI api, String schemaName, Map<String, Object> value) {
        Schema<?> schema = schema(api, schemaName);
        List<String> problems = new ArrayList<>();
        check(api, schema, value, schemaName, problems);
        assertEquals(List.of(), problems, schemaName + " against " + value);
    }

    @SuppressWarnings("unchecked")
    private static void check(OpenAPI api, Schema<?> schema, Object value, String where, List<String> problems) {
        if (schema.get$ref() != null) {
            schema = schema(api, schema.get$ref().substring("#/components/schemas/".length()));
        }
        var types = schema.getTypes() != null ? schema.getTypes() : schema.getType() != null ? java.util.Set.of(schema.getType()) : null;
        if (types != null && !types.contains(typeOf(value))
                && !(typeOf(value).equals("integer") && types.contains("number"))) {
            problems.add(where + " is " + typeOf(value) + ", the schema says " + types);
            return;
        }
        if (schema.getEnum() != null && !schema.getEnum().contains(value)) {
            problems.add(where + " = " + value + " is not one of " + schema.getEnum());
        }
        if (value instanceof Map<?, ?> map && schema.getProperties() != null) {
            for (var entry : ((Map<String, Object>) map).entrySet()) {
                Schema<?> property = property(schema, entry.getKey());
                if (property == null) {
                    problems.add(where + "." + entry.getKey() + " is not declared");
                } else {
                    check(api, property, entry.getValue(), where + "." + entry.getKey(), problems);
                }
            }
            if (schema.getRequired() != null) {
                schema.getRequired().stream().filter(name -> !map.containsKey(name))
                        .forEach(name -> problems.add(where + "." + name + " is required but missing"));
            }
        }
        if (value instanceof List<?> list && schema.getItems() != null) {
            for (int i = 0; i < list.size(); i++) {
                check(api, schema.getItems(), list.get(i), where + "[" + i + "]", problems);
            }
        }
    }

    private static String typeOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            return "integer";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof List) {
            return "array";
        }
        return "object";
    }

    /**
     * What a team would do with the document: openapi-generator's Java client (java.net.http and Jackson) from
     * the caller's document, custom object included, compiled; it has an API class per object.
     */
    @Test
    void aJavaClientGeneratedFromTheDocumentCompiles() throws IOException {
        String object = "Invoice" + TAG + "__c";
        given().contentType(ContentType.JSON).body(Map.of("name", object, "label", "Invoice " + TAG))
                .when().post("/v1/metadata/objects").then().statusCode(201);
        String json = given().when().get("/v1/openapi.json").then().statusCode(200).extract().asString();
        Path dir = Path.of("target", "generated-client");
        deleteTree(dir);
        Files.createDirectories(dir);
        Path spec = dir.resolve("openapi.json");
        Files.writeString(spec, json);

        CodegenConfigurator configurator = new CodegenConfigurator()
                .setGeneratorName("java").setLibrary("native")
                .setInputSpec(spec.toString()).setOutputDir(dir.resolve("client").toString())
                .setApiPackage("com.example.crm.api").setModelPackage("com.example.crm.model")
                .setInvokerPackage("com.example.crm")
                .addAdditionalProperty("useJakartaEe", true)
                .addAdditionalProperty("openApiNullable", false)
                .addAdditionalProperty("annotationLibrary", "none")
                .addAdditionalProperty("documentationProvider", "none")
                .addAdditionalProperty("hideGenerationTimestamp", true)
                .addGlobalProperty("apiTests", "false").addGlobalProperty("modelTests", "false")
                .addGlobalProperty("apiDocs", "false").addGlobalProperty("modelDocs", "false");
        List<Path> sources = new DefaultGenerator().opts(configurator.toClientOptInput()).generate().stream()
                .map(File::toPath).filter(path -> path.toString().endsWith(".java")).toList();
        assertFalse(sources.isEmpty(), "the generator wrote Java sources");

        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean compiled;
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            compiled = javac.getTask(null, files, diagnostics, List.of("-d", classes.toString(), "-proc:none", "-nowarn",
                    "-classpath", System.getProperty("java.class.path")), null, files.getJavaFileObjectsFromPaths(sources)).call();
        }
        List<String> errors = diagnostics.getDiagnostics().stream()
                .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                .map(diagnostic -> diagnostic.getSource().getName() + ":" + diagnostic.getLineNumber() + " "
                        + diagnostic.getMessage(null))
                .distinct().limit(10).toList();
        assertTrue(compiled, "the generated client compiles: " + errors);
        assertTrue(Files.exists(classes.resolve("com/example/crm/api/AccountApi.class")), "an API class per object");
        try (var models = Files.list(classes.resolve("com/example/crm/model"))) {
            assertTrue(models.anyMatch(path -> path.getFileName().toString().startsWith("Invoice" + TAG)),
                    "the custom object has its model class");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Test
    void swaggerUiIsServedAtDocsAndReadsTheDocument() {
        String page = given().auth().none().redirects().follow(true).when().get("/docs")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .extract().asString();
        assertTrue(page.contains("url: '/v1/openapi.json'"), "Swagger UI reads the gateway's document");
        given().auth().none().when().get("/docs/swagger-ui-bundle.js").then().statusCode(200);
    }
}
