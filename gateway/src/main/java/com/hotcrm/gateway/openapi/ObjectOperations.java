package com.hotcrm.gateway.openapi;

import java.util.ArrayList;
import java.util.List;

import com.hotcrm.gateway.routing.RouteTable;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The part of the OpenAPI document that metadata decides: for each object, its schemas ({@code Account} as
 * the API answers it, {@code AccountInput} as a write takes it) and its paths (CRUD, list, count, sum,
 * avg, groupBy, batch), generated from the object's description as {@code GET /v1/metadata/objects/{name}}
 * gives it. Field types map to JSON Schema types; a field that is not required may be null (OpenAPI 3.1
 * type arrays); picklists are enums; read-only and system fields are {@code readOnly} and absent from the
 * input schema; lookups say which objects they point at.
 */
final class ObjectOperations {

    static final String ERROR = "#/components/responses/";

    private ObjectOperations() {
    }

    /** Adds the object's schemas to {@code schemas} and its operations to {@code paths}. */
    static void add(JsonObject object, JsonObject paths, JsonObject schemas) {
        String name = object.getString("name");
        String path = object.getString("path");
        boolean readOnly = object.getBoolean("readOnly", false);
        String label = object.getString("labelPlural", name);
        JsonArray fields = object.getJsonArray("fields", new JsonArray());
        schemas.put(name, recordSchema(object, fields));
        if (path == null || RouteTable.RESERVED_OBJECTS.contains(path)) {
            // no record paths of its own (User: read through lookups and /query; /v1/users is auth-service's)
            return;
        }
        String recordRef = ref(name);
        String tag = object.getString("label", name);

        JsonObject collection = new JsonObject();
        collection.put("get", operation("list" + name, tag, "List " + label,
                "Filtered, sorted and paged; `fields` may name parent fields in dot notation (`Account.Name`).")
                .put("parameters", new JsonArray().add(param("fields")).add(param("filters")).add(param("sort"))
                        .add(intParam("limit", "Records per page, 1 to 200 (default 50)"))
                        .add(intParam("offset", "Records to skip (at most 2,000; use `cursor` beyond)"))
                        .add(param("cursor")).add(param("count")))
                .put("responses", responses("200", "A page of " + label, page(recordRef))));
        JsonObject item = new JsonObject();
        JsonObject idParam = new JsonObject().put("name", "id").put("in", "path").put("required", true)
                .put("description", "The record's Id (" + object.getString("idPrefix", "") + "_…)")
                .put("schema", new JsonObject().put("type", "string"));
        item.put("parameters", new JsonArray().add(idParam));
        item.put("get", operation("get" + name, tag, "Get one " + name, null)
                .put("parameters", new JsonArray().add(param("fields")))
                .put("responses", responses("200", "The record", json(new JsonObject().put("$ref", recordRef)))));
        if (!readOnly) {
            String inputRef = ref(name + "Input");
            schemas.put(name + "Input", inputSchema(fields));
            JsonObject createBody = new JsonObject().put("allOf", new JsonArray().add(new JsonObject().put("$ref", inputRef))
                    .add(new JsonObject().put("required", requiredInputs(fields))));
            collection.put("post", operation("create" + name, tag, "Create one " + name,
                    "Answers the record as stored, with its Id and system fields; `Idempotency-Key` makes a retry safe.")
                    .put("requestBody", body(createBody))
                    .put("responses", responses("201", "Created", json(new JsonObject().put("$ref", recordRef)))));
            item.put("patch", operation("update" + name, tag, "Change some fields of one " + name,
                    "Only the fields sent change; `If-Match` with the record's ETag refuses a lost update (412).")
                    .put("requestBody", body(new JsonObject().put("$ref", inputRef)))
                    .put("responses", responses("200", "The record as changed", json(new JsonObject().put("$ref", recordRef)))));
            item.put("put", operation("replace" + name, tag, "Replace one " + name,
                    "Fields not sent become null (or their default).")
                    .put("requestBody", body(createBody.copy()))
                    .put("responses", responses("200", "The record as replaced", json(new JsonObject().put("$ref", recordRef)))));
            item.put("delete", operation("delete" + name, tag, "Delete one " + name, null)
                    .put("responses", responses("200", "Deleted", json(new JsonObject().put("type", "object")
                            .put("properties", new JsonObject().put("success", type("boolean")).put("message", type("string")))))));
            paths.put("/v1/batch/" + path, batch(name, tag, recordRef, inputRef));
        }
        paths.put("/v1/" + path, collection);
        paths.put("/v1/" + path + "/{id}", item);
        paths.put("/v1/" + path + "/count", new JsonObject().put("get", operation("count" + name, tag, "Count " + label, null)
                .put("parameters", new JsonArray().add(param("filters")))
                .put("responses", responses("200", "How many match", json(new JsonObject().put("type", "object")
                        .put("required", new JsonArray().add("count"))
                        .put("properties", new JsonObject().put("count", type("integer"))))))));
        List<String> numeric = numericFields(fields);
        if (!numeric.isEmpty()) {
            for (String function : List.of("sum", "avg")) {
                boolean sum = function.equals("sum");
                String result = sum ? "sum" : "average";
                JsonObject field = new JsonObject().put("name", "field").put("in", "path").put("required", true)
                        .put("schema", new JsonObject().put("type", "string").put("enum", new JsonArray(numeric)));
                JsonObject answer = new JsonObject().put("type", "object").put("properties", new JsonObject()
                        .put(result, new JsonObject().put("type", new JsonArray().add("number").add("null")))
                        .put("count", type("integer")));
                JsonObject operation = operation(function + name, tag,
                        (sum ? "Sum" : "Average") + " of a number field of " + label, null)
                        .put("parameters", new JsonArray().add(field).add(param("filters")))
                        .put("responses", responses("200", "The " + result + " and how many records it covers", json(answer)));
                paths.put("/v1/" + path + "/" + function + "/{field}", new JsonObject().put("get", operation));
            }
        }
        paths.put("/v1/" + path + "/groupby", new JsonObject().put("post", operation("groupBy" + name, tag,
                "Group " + label + " and aggregate", null)
                .put("requestBody", body(new JsonObject().put("$ref", "#/components/schemas/GroupByRequest")))
                .put("responses", responses("200", "The groups", json(new JsonObject().put("type", "object")
                        .put("properties", new JsonObject().put("groups", new JsonObject().put("type", "array")
                                .put("items", new JsonObject().put("type", "object")))))))));
    }

    private static JsonObject batch(String name, String tag, String recordRef, String inputRef) {
        JsonObject result = json(new JsonObject().put("$ref", "#/components/schemas/BatchResult"));
        JsonObject allOrNone = new JsonObject().put("type", "boolean")
                .put("description", "true: any failure rolls the whole batch back");
        JsonObject withId = new JsonObject().put("allOf", new JsonArray().add(new JsonObject().put("$ref", inputRef))
                .add(new JsonObject().put("required", new JsonArray().add("Id"))
                        .put("properties", new JsonObject().put("Id", type("string")))));
        return new JsonObject()
                .put("post", operation("batchCreate" + name, tag, "Create up to 200 " + name + " records", null)
                        .put("requestBody", body(batchBody("records", new JsonObject().put("$ref", inputRef), allOrNone)))
                        .put("responses", responses("200", "One result per record, in order", result)))
                .put("patch", operation("batchUpdate" + name, tag, "Change up to 200 " + name + " records", null)
                        .put("requestBody", body(batchBody("updates", withId, allOrNone)))
                        .put("responses", responses("200", "One result per record, in order", result.copy())))
                .put("delete", operation("batchDelete" + name, tag, "Delete up to 200 " + name + " records", null)
                        .put("requestBody", body(batchBody("ids", type("string"), allOrNone)))
                        .put("responses", responses("200", "One result per id, in order", result.copy())));
    }

    private static JsonObject batchBody(String key, JsonObject items, JsonObject allOrNone) {
        return new JsonObject().put("type", "object").put("required", new JsonArray().add(key))
                .put("properties", new JsonObject()
                        .put(key, new JsonObject().put("type", "array").put("minItems", 1).put("maxItems", 200).put("items", items))
                        .put("allOrNone", allOrNone.copy()));
    }

    private static JsonObject recordSchema(JsonObject object, JsonArray fields) {
        JsonObject properties = new JsonObject();
        for (int i = 0; i < fields.size(); i++) {
            JsonObject field = fields.getJsonObject(i);
            JsonObject schema = fieldSchema(field);
            if (field.getBoolean("readOnly", false) || field.getBoolean("system", false)) {
                schema.put("readOnly", true);
            }
            properties.put(field.getString("name"), schema);
        }
        return new JsonObject().put("type", "object")
                .put("title", object.getString("label", object.getString("name")))
                .put("description", object.getString("labelPlural", object.getString("name")) + " as the API answers them"
                        + (object.getBoolean("custom", false) ? " (a custom object)" : "")
                        + "; `fields=` narrows which properties appear, and dot-notation parents are added as nested objects")
                .put("properties", properties);
    }

    private static JsonObject inputSchema(JsonArray fields) {
        JsonObject properties = new JsonObject();
        for (int i = 0; i < fields.size(); i++) {
            JsonObject field = fields.getJsonObject(i);
            if (writable(field)) {
                properties.put(field.getString("name"), fieldSchema(field));
            }
        }
        return new JsonObject().put("type", "object").put("properties", properties)
                .put("additionalProperties", false);
    }

    private static JsonArray requiredInputs(JsonArray fields) {
        JsonArray required = new JsonArray();
        for (int i = 0; i < fields.size(); i++) {
            JsonObject field = fields.getJsonObject(i);
            if (writable(field) && field.getBoolean("required", false) && field.getValue("defaultValue") == null) {
                required.add(field.getString("name"));
            }
        }
        return required;
    }

    private static boolean writable(JsonObject field) {
        return !field.getBoolean("readOnly", false) && !field.getBoolean("system", false);
    }

    private static List<String> numericFields(JsonArray fields) {
        List<String> numeric = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            JsonObject field = fields.getJsonObject(i);
            if (List.of("number", "currency", "percent").contains(field.getString("type"))) {
                numeric.add(field.getString("name"));
            }
        }
        return numeric;
    }

    /** One field's JSON Schema: its type, limits and, unless it is required, null as well. */
    static JsonObject fieldSchema(JsonObject field) {
        String fieldType = field.getString("type", "text");
        JsonObject schema = new JsonObject();
        String type = switch (fieldType) {
            case "number", "currency", "percent" -> "number";
            case "boolean" -> "boolean";
            case "multipicklist" -> "array";
            default -> "string";
        };
        switch (fieldType) {
            case "email" -> schema.put("format", "email");
            case "date" -> schema.put("format", "date");
            case "datetime" -> schema.put("format", "date-time");
            case "multipicklist" -> schema.put("items", new JsonObject().put("type", "string")
                    .put("enum", field.getJsonArray("picklistValues", new JsonArray()).copy()));
            case "lookup" -> schema.put("x-hotcrm-references", field.getJsonArray("referenceTo", new JsonArray()).copy());
            default -> {
            }
        }
        if (field.getInteger("length") != null && "string".equals(type) && !"lookup".equals(fieldType)
                && !"id".equals(fieldType) && !"picklist".equals(fieldType)) {
            schema.put("maxLength", field.getInteger("length"));
        }
        if (field.getValue("min") != null) {
            schema.put("minimum", field.getValue("min"));
        }
        if (field.getValue("max") != null) {
            schema.put("maximum", field.getValue("max"));
        }
        boolean nullable = !field.getBoolean("required", false) || field.getBoolean("readOnly", false);
        schema.put("type", nullable && !"id".equals(fieldType) ? new JsonArray().add(type).add("null") : type);
        if ("picklist".equals(fieldType)) {
            JsonArray values = field.getJsonArray("picklistValues", new JsonArray()).copy();
            if (nullable) {
                values.addNull();
            }
            schema.put("enum", values);
        }
        StringBuilder description = new StringBuilder(field.getString("label", field.getString("name")));
        if ("lookup".equals(fieldType)) {
            description.append(": the Id of a ")
                    .append(String.join(" or ", field.getJsonArray("referenceTo", new JsonArray()).stream()
                            .map(String::valueOf).toList()));
            if (field.getString("relationshipName") != null) {
                description.append("; `").append(field.getString("relationshipName")).append(".Name` in `fields=`");
            }
        }
        schema.put("description", description.toString());
        if (field.getValue("defaultValue") != null) {
            schema.put("default", field.getValue("defaultValue"));
        }
        return schema;
    }

    private static JsonObject operation(String id, String tag, String summary, String description) {
        JsonObject operation = new JsonObject().put("operationId", id).put("tags", new JsonArray().add(tag))
                .put("summary", summary);
        if (description != null) {
            operation.put("description", description);
        }
        return operation;
    }

    private static JsonObject param(String name) {
        String description = switch (name) {
            case "fields" -> "Comma-separated field names, dot notation for parents (`Name,Owner.Name`)";
            case "filters" -> "JSON array of [field, operator, value] conditions, all of which must hold";
            case "sort" -> "Field names, `-` before one for descending (`-AnnualRevenue,Name`)";
            case "cursor" -> "The `nextCursor` of the previous page";
            case "count" -> "`exact` for an exact `totalCount` on a large table (otherwise estimated past 10,000 matches)";
            default -> name;
        };
        return new JsonObject().put("name", name).put("in", "query").put("description", description)
                .put("schema", new JsonObject().put("type", "string"));
    }

    private static JsonObject intParam(String name, String description) {
        return new JsonObject().put("name", name).put("in", "query").put("description", description)
                .put("schema", new JsonObject().put("type", "integer").put("minimum", 0));
    }

    private static JsonObject page(String recordRef) {
        return json(new JsonObject().put("type", "object")
                .put("required", new JsonArray().add("records").add("hasMore"))
                .put("properties", new JsonObject()
                        .put("records", new JsonObject().put("type", "array").put("items", new JsonObject().put("$ref", recordRef)))
                        .put("totalCount", type("integer"))
                        .put("totalCountExact", type("boolean"))
                        .put("hasMore", type("boolean"))
                        .put("limit", type("integer"))
                        .put("offset", type("integer"))
                        .put("nextCursor", new JsonObject().put("type", new JsonArray().add("string").add("null")))));
    }

    private static JsonObject body(JsonObject schema) {
        return new JsonObject().put("required", true).put("content", json(schema).getJsonObject("content"));
    }

    private static JsonObject json(JsonObject schema) {
        return new JsonObject().put("content", new JsonObject().put("application/json", new JsonObject().put("schema", schema)));
    }

    /** The success response, then the errors every record operation may answer (shared components). */
    private static JsonObject responses(String status, String description, JsonObject content) {
        JsonObject success = content.copy().put("description", description)
                .put("headers", OpenApiDocument.rateLimitHeaders());
        JsonObject responses = new JsonObject().put(status, success);
        for (String error : List.of("400", "401", "403", "404", "429", "503")) {
            responses.put(error, new JsonObject().put("$ref", ERROR + error));
        }
        return responses;
    }

    private static JsonObject type(String type) {
        return new JsonObject().put("type", type);
    }

    private static String ref(String name) {
        return "#/components/schemas/" + name;
    }
}
