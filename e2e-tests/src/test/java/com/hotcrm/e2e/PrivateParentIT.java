package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The private-parent matrix, through the gateway with real users of every role: for every lookup of the standard
 * objects (read from the metadata API, so none is missed; each target of a polymorphic one), a user who may not
 * read the parent gets none of it through get, list, {@code /query}, {@code related}, sort, groupBy and count, and
 * cannot point the lookup at it; what they get for a parent that exists but is hidden from them is what they get
 * for one that does not exist (or for an empty lookup, on reads). Users who may read the parent are the control:
 * they see it, so the hiding is not simply a broken join.
 * <p>
 * The parent is Ana's (a rep) where its object is private; where it is public (Product), the roles under test
 * have read on the object taken away for the duration.
 */
@ExtendWith(RunningSuite.class)
class PrivateParentIT {

    static final List<String> ROLES = List.of("admin", "sales_manager", "sales_rep", "support_agent", "read_only");

    /** A lookup of a standard object to one target (a polymorphic lookup gives one per target). */
    record Lookup(String child, String childPath, String field, String target, String relationship) {
        @Override
        public String toString() {
            return child + "." + field + " → " + target;
        }
    }

    record User(String id, String token) {
    }

    static final Map<String, User> USERS = new LinkedHashMap<>();
    static User ana;
    static final Map<String, JsonPath> SCHEMAS = new HashMap<>();

    static User user(String role) {
        String email = "pp-" + role + "-" + UUID.randomUUID() + "@example.com";
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("Name", "PP " + role, "Email", email, "Password", "parent-password-1", "Role", role,
                        "RateLimitTier", "Enterprise"))
                .when().post("/v1/users").then().statusCode(201).extract().path("Id");
        String token = given().auth().none().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "parent-password-1"))
                .when().post("/v1/auth/token").then().statusCode(200).extract().path("token");
        return new User(id, token);
    }

    @BeforeAll
    static void users() {
        ana = user("sales_rep");
        for (String role : ROLES) {
            USERS.put(role, user(role));
        }
        // records-service learns of users through their events: wait until it can give records to each of them
        for (User u : USERS.values()) {
            until(Duration.ofSeconds(60), "records-service knows user " + u.id(), () -> given()
                    .contentType(ContentType.JSON).body(Map.of("Name", "PP owner probe", "OwnerId", u.id()))
                    .when().post("/v1/accounts").statusCode() == 201);
        }
        until(Duration.ofSeconds(60), "records-service knows user " + ana.id(), () -> given()
                .contentType(ContentType.JSON).body(Map.of("Name", "PP owner probe", "OwnerId", ana.id()))
                .when().post("/v1/accounts").statusCode() == 201);
    }

    static void until(Duration atMost, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting until " + what);
            }
        }
    }

    static JsonPath schema(String object) {
        return SCHEMAS.computeIfAbsent(object, o -> given().when().get("/v1/metadata/objects/" + o)
                .then().statusCode(200).extract().jsonPath());
    }

    /** Every lookup of every standard object a client can write, from the metadata API; lookups to User aside. */
    static List<Lookup> lookups() {
        List<Lookup> lookups = new ArrayList<>();
        List<Map<String, Object>> objects = given().when().get("/v1/metadata/objects").then().statusCode(200)
                .extract().jsonPath().getList("objects");
        for (Map<String, Object> object : objects) {
            if (Boolean.TRUE.equals(object.get("custom"))) {
                continue;
            }
            String name = (String) object.get("name");
            JsonPath schema = schema(name);
            if (schema.getBoolean("readOnly")) {
                continue; // User: a mirror of auth-service, nobody writes it here
            }
            List<Map<String, Object>> fields = schema.getList("fields");
            for (Map<String, Object> field : fields) {
                if (!"lookup".equals(field.get("type")) || Boolean.TRUE.equals(field.get("system"))) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                List<String> targets = (List<String>) field.get("referenceTo");
                for (String target : targets) {
                    if (target.equals("User")) {
                        continue; // every user is readable by every role (User is public read-only)
                    }
                    lookups.add(new Lookup(name, schema.getString("path"), (String) field.get("name"), target,
                            targets.size() == 1 ? (String) field.get("relationshipName") : null));
                }
            }
        }
        return lookups;
    }

    @Test
    void theMatrixCoversEveryLookupOfTheStandardObjects() {
        List<String> found = lookups().stream().map(Lookup::toString).toList();
        // written out independently of the code: if a lookup is added, this list (and so the matrix) grows
        for (String expected : List.of("Account.ParentId → Account", "Contact.AccountId → Account",
                "Opportunity.AccountId → Account", "Opportunity.ContactId → Contact",
                "OpportunityLineItem.OpportunityId → Opportunity", "OpportunityLineItem.ProductId → Product",
                "Case.AccountId → Account", "Case.ContactId → Contact", "Activity.WhatId → Account",
                "Activity.WhatId → Opportunity", "Activity.WhatId → Case", "Activity.WhatId → Product",
                "Activity.WhoId → Contact", "Activity.WhoId → Lead")) {
            assertTrue(found.contains(expected), expected + " in " + found);
        }
    }

    @Test
    void aParentTheCallerCannotReadContributesNothingAndCannotBeLinked() {
        for (Lookup lookup : lookups()) {
            JsonPath targetAccess = permissions(lookup.target());
            boolean publicTarget = !"private".equals(targetAccess.getString("sharing"));
            Map<String, Boolean> originalRead = new HashMap<>();
            if (publicTarget) {
                // nobody but admins is kept from a public object's rows: keep the roles under test from the object
                for (String role : List.of("sales_rep", "support_agent", "read_only")) {
                    originalRead.put(role, targetAccess.getBoolean("roles." + role + ".read"));
                }
                setRead(lookup.target(), originalRead.keySet(), false);
            }
            try {
                checkLookup(lookup);
            } finally {
                if (publicTarget) {
                    originalRead.forEach((role, read) -> setRead(lookup.target(), List.of(role), read));
                }
            }
        }
    }

    private void checkLookup(Lookup lookup) {
        JsonPath target = schema(lookup.target());
        String secretName = "Secret " + UUID.randomUUID();
        // the parent: Ana's where the object is private (she is a rep like the others, with no view all)
        Map<String, Object> parentBody = requiredValues(lookup.target(), null, secretName);
        if (target.getString("idPrefix") != null && isPrivate(lookup.target())) {
            parentBody.put("OwnerId", ana.id());
        }
        String parent = createAsAdmin(target.getString("path"), parentBody);
        String missing = target.getString("idPrefix") + "_01ARZ3NDEKTSV4RRFFQ69G5FAV";
        String nameField = nameField(lookup.target());
        assertNotNull(nameField, lookup.target() + " has a name field to show through its children");

        int hiddenReads = 0;
        int hiddenWrites = 0;
        for (String role : ROLES) {
            User user = USERS.get(role);
            JsonPath childAccess = permissions(lookup.child());
            boolean readsChild = childAccess.getBoolean("roles." + role + ".read") || childAccess.getBoolean("roles." + role + ".viewAll");
            boolean writesChild = childAccess.getBoolean("roles." + role + ".create") && childAccess.getBoolean("roles." + role + ".edit");
            boolean readsParent = readsParent(role, lookup.target());
            String at = lookup + " as " + role + " (reads parent: " + readsParent + ")";

            if (readsChild && lookup.relationship() != null) {
                // two children of the user's own, one on the parent and one with the lookup empty
                Map<String, Object> linked = requiredValues(lookup.child(), user, "Linked " + UUID.randomUUID());
                linked.put(lookup.field(), parent);
                linked.put("OwnerId", user.id());
                String onParent = createAsAdmin(lookup.childPath(), linked);
                String empty = null; // a required lookup is never empty
                if (requiredLookupOf(lookup.child(), lookup.field()) == null) {
                    Map<String, Object> unlinked = requiredValues(lookup.child(), user, "Unlinked " + UUID.randomUUID());
                    unlinked.put("OwnerId", user.id());
                    unlinked.remove(lookup.field());
                    empty = createAsAdmin(lookup.childPath(), unlinked);
                }
                checkReads(lookup, user, onParent, empty, parent, secretName, nameField, readsParent, at);
                hiddenReads += readsParent ? 0 : 1;
            }
            if (writesChild) {
                checkWrites(lookup, user, parent, missing, readsParent, at);
                hiddenWrites += readsParent ? 0 : 1;
            }
        }
        // the matrix really met a hidden parent for each lookup, reading (where dot notation reaches it) and writing
        assertTrue(hiddenWrites > 0, lookup + ": some role writes the child without reading the parent");
        assertTrue(lookup.relationship() == null || hiddenReads > 0, lookup + ": some role reads the child without reading the parent");
        System.out.println("[PrivateParentIT] " + lookup + ": hidden parent read by " + hiddenReads + " roles, written by "
                + hiddenWrites);
    }

    private void checkReads(Lookup lookup, User user, String onParent, String empty, String parent, String secretName,
            String nameField, boolean readsParent, String at) {
        String rel = lookup.relationship();
        String fields = "Id," + lookup.field() + "," + rel + ".Id," + rel + "." + nameField;
        String path = "/v1/" + lookup.childPath();

        // get by id
        JsonPath got = given().auth().oauth2(user.token()).queryParam("fields", fields).when().get(path + "/" + onParent)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(parent, got.getString(lookup.field()), at + ": the lookup id is the child's own field");
        if (readsParent) {
            assertEquals(secretName, got.getString(rel + "." + nameField), at + " get: the control sees the parent");
        } else {
            assertTrue(got.getMap("$").containsKey(rel), at + " get: " + got.prettify());
            assertNull(got.get(rel), at + " get: " + got.prettify());
            assertFalse(got.prettify().contains(secretName), at + " get: " + got.prettify());
            if (empty != null) {
                JsonPath gotEmpty = given().auth().oauth2(user.token()).queryParam("fields", fields).when().get(path + "/" + empty)
                        .then().statusCode(200).extract().jsonPath();
                assertEquals(gotEmpty.getMap(rel), got.getMap(rel), at + " get: like an empty lookup");
            }
        }

        // list, /query (fields and related)
        List<String> both = empty == null ? List.of(onParent) : List.of(onParent, empty);
        String ids = "[[\"Id\",\"in\",[\"" + String.join("\",\"", both) + "\"]]]";
        JsonPath list = given().auth().oauth2(user.token()).queryParam("fields", fields).queryParam("filters", ids)
                .when().get(path).then().statusCode(200).extract().jsonPath();
        JsonPath query = postQuery(user, Map.of("object", lookup.child(), "fields", List.of(fields.split(",")),
                "filters", List.of(List.of("Id", "in", both))));
        JsonPath related = postQuery(user, Map.of("object", lookup.child(), "fields", List.of("Id"),
                "filters", List.of(List.of("Id", "in", both)),
                "related", Map.of(rel, Map.of("fields", List.of(nameField)))));
        for (JsonPath page : List.of(list, query, related)) {
            Map<String, Object> linked = record(page, onParent);
            assertNotNull(linked, at + ": the user's own child is listed: " + page.prettify());
            if (readsParent) {
                assertEquals(secretName, ((Map<?, ?>) linked.get(rel)).get(nameField), at + ": the control sees the parent");
            } else {
                assertTrue(linked.containsKey(rel), at + ": " + linked);
                assertNull(linked.get(rel), at + ": " + page.prettify());
                if (empty != null) {
                    assertEquals(record(page, empty).get(rel), linked.get(rel), at + ": like an empty lookup");
                }
                assertFalse(page.prettify().contains(secretName), at + ": " + page.prettify());
            }
        }

        if (!readsParent && empty != null) {
            // sort and groupBy by a parent field: the hidden parent answers as the empty lookup does
            String key = rel + "." + nameField;
            assertEquals(normalized(sorted(user, path, key, empty), empty), normalized(sorted(user, path, key, onParent), onParent),
                    at + ": sort by " + key);
            assertEquals(normalized(grouped(user, lookup, key, empty), empty), normalized(grouped(user, lookup, key, onParent), onParent),
                    at + ": groupBy " + key);
        }
        if (!readsParent) {
            String key = rel + "." + nameField;
            // counting the children whose parent has the hidden name: as for a name nobody has
            assertEquals(normalized(countWhere(user, path, key, "Nobody " + UUID.randomUUID(), onParent), null),
                    normalized(countWhere(user, path, key, secretName, onParent), null).replace(secretName, "Nobody"),
                    at + ": count where " + key);
        }
    }

    private Response sorted(User user, String path, String key, String id) {
        return given().auth().oauth2(user.token()).queryParam("fields", "Id").queryParam("sort", "-" + key)
                .queryParam("filters", "[[\"Id\",\"=\",\"" + id + "\"]]").when().get(path);
    }

    private Response grouped(User user, Lookup lookup, String key, String id) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("groupBy", key, "filters", List.of(List.of("Id", "=", id)),
                        "aggregations", Map.of("n", Map.of("function", "COUNT"))))
                .when().post("/v1/" + lookup.childPath() + "/groupby");
    }

    private Response countWhere(User user, String path, String key, String value, String id) {
        return given().auth().oauth2(user.token())
                .queryParam("filters", "[[\"" + key + "\",\"=\",\"" + value + "\"],[\"Id\",\"=\",\"" + id + "\"]]")
                .when().get(path + "/count");
    }

    /** Status and body with the given id (and any value that names a nonce) made neutral. */
    private static String normalized(Response response, String id) {
        String body = response.asString().replaceAll("Nobody [0-9a-f-]{36}", "Nobody");
        return response.statusCode() + " " + (id == null ? body : body.replace(id, "ID"));
    }

    private void checkWrites(Lookup lookup, User user, String parent, String missing, boolean readsParent, String at) {
        Map<String, Object> body = requiredValues(lookup.child(), user, "Written " + UUID.randomUUID());
        String path = "/v1/" + lookup.childPath();
        // the user's own record to update: made by the admin for them (a required lookup on a parent the admin reads)
        Map<String, Object> own = new HashMap<>(body);
        own.remove(lookup.field());
        if (requiredLookupOf(lookup.child(), lookup.field()) != null) {
            own.put(lookup.field(), readableParent(lookup.target(), user));
        }
        own.put("OwnerId", user.id());
        String mine = createAsAdmin(lookup.childPath(), own);

        Response create = send(user, "POST", path, with(body, lookup.field(), parent));
        Response patch = send(user, "PATCH", path + "/" + mine, Map.of(lookup.field(), parent));
        Response batchCreate = send(user, "POST", "/v1/batch/" + lookup.childPath(),
                Map.of("records", List.of(with(body, lookup.field(), parent))));
        Response batchUpdate = send(user, "PATCH", "/v1/batch/" + lookup.childPath(),
                Map.of("updates", List.of(Map.of("Id", mine, lookup.field(), parent))));
        if (readsParent) {
            assertEquals(201, create.statusCode(), at + " create: " + create.asString());
            assertEquals(200, patch.statusCode(), at + " patch: " + patch.asString());
            assertEquals(true, batchCreate.jsonPath().getBoolean("results[0].success"), at + ": " + batchCreate.asString());
            assertEquals(true, batchUpdate.jsonPath().getBoolean("results[0].success"), at + ": " + batchUpdate.asString());
            return;
        }
        Response createMissing = send(user, "POST", path, with(body, lookup.field(), missing));
        Response patchMissing = send(user, "PATCH", path + "/" + mine, Map.of(lookup.field(), missing));
        Response batchCreateMissing = send(user, "POST", "/v1/batch/" + lookup.childPath(),
                Map.of("records", List.of(with(body, lookup.field(), missing))));
        Response batchUpdateMissing = send(user, "PATCH", "/v1/batch/" + lookup.childPath(),
                Map.of("updates", List.of(Map.of("Id", mine, lookup.field(), missing))));
        assertEquals(400, create.statusCode(), at + " create: " + create.asString());
        assertEquals("VALIDATION_ERROR", create.jsonPath().getString("error.code"), at);
        assertEquals(lookup.field(), create.jsonPath().getString("error.details[0].field"), at);
        assertEquals(error(createMissing, missing), error(create, parent), at + " create");
        assertEquals(error(patchMissing, missing), error(patch, parent), at + " patch");
        assertEquals(400, patch.statusCode(), at + " patch: " + patch.asString());
        assertEquals(batchCreateMissing.statusCode() + batchCreateMissing.asString().replace(missing, "ID"),
                batchCreate.statusCode() + batchCreate.asString().replace(parent, "ID"), at + " batch create");
        assertEquals(false, batchCreate.jsonPath().getBoolean("results[0].success"), at + ": " + batchCreate.asString());
        assertEquals(batchUpdateMissing.statusCode() + batchUpdateMissing.asString().replace(missing, "ID"),
                batchUpdate.statusCode() + batchUpdate.asString().replace(parent, "ID"), at + " batch update");
        assertEquals(false, batchUpdate.jsonPath().getBoolean("results[0].success"), at + ": " + batchUpdate.asString());
        // and nothing was linked
        given().auth().oauth2(user.token()).when().get(path + "/" + mine).then().statusCode(200)
                .body(lookup.field(), org.hamcrest.Matchers.not(org.hamcrest.Matchers.equalTo(parent)));
    }

    private static String error(Response response, String id) {
        return response.statusCode() + " " + response.jsonPath().getMap("error").toString().replace(id, "ID");
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static Response send(User user, String method, String path, Object body) {
        var request = given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(body);
        return switch (method) {
            case "POST" -> request.post(path);
            case "PATCH" -> request.patch(path);
            default -> throw new IllegalArgumentException(method);
        };
    }

    private static JsonPath postQuery(User user, Map<String, Object> body) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(body).when().post("/v1/query")
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> record(JsonPath page, String id) {
        List<Map<String, Object>> records = page.getList("records");
        return records.stream().filter(r -> id.equals(r.get("Id"))).findFirst().orElse(null);
    }

    // --- access, as the metadata API states it ---

    static JsonPath permissions(String object) {
        return given().when().get("/v1/metadata/permissions/" + object).then().statusCode(200).extract().jsonPath();
    }

    static boolean isPrivate(String object) {
        return "private".equals(permissions(object).getString("sharing"));
    }

    /** Whether {@code role} reads a parent owned by Ana: the object, and her row (view all, or not private). */
    static boolean readsParent(String role, String object) {
        JsonPath access = permissions(object);
        boolean all = access.getBoolean("roles." + role + ".viewAll") || access.getBoolean("roles." + role + ".modifyAll");
        boolean read = all || access.getBoolean("roles." + role + ".read");
        return read && (all || !"private".equals(access.getString("sharing")));
    }

    static void setRead(String object, java.util.Collection<String> roles, boolean read) {
        Map<String, Object> byRole = new HashMap<>();
        roles.forEach(role -> byRole.put(role, Map.of("read", read)));
        given().contentType(ContentType.JSON).body(Map.of("roles", byRole)).when().put("/v1/metadata/permissions/" + object)
                .then().statusCode(200);
        // both services learn of the change through their metadata listeners
        String role = roles.iterator().next();
        JsonPath schema = schema(object);
        String missing = schema.getString("idPrefix") + "_01ARZ3NDEKTSV4RRFFQ69G5FAV";
        until(Duration.ofSeconds(30), "read on " + object + " " + read + " for " + roles, () -> {
            int list = given().auth().oauth2(USERS.get(role).token()).queryParam("limit", 1).when()
                    .get("/v1/" + schema.getString("path")).statusCode();
            int get = given().auth().oauth2(USERS.get(role).token()).when()
                    .get("/v1/" + schema.getString("path") + "/" + missing).statusCode();
            return read ? list == 200 && get == 404 : list == 403 && get == 403;
        });
    }

    // --- records of any standard object, from its metadata ---

    /** The name-like field of an object: its first required text field (null for one without, like a line item). */
    static String nameField(String object) {
        List<Map<String, Object>> fields = schema(object).getList("fields");
        return fields.stream().filter(f -> Boolean.TRUE.equals(f.get("required")) && "text".equals(f.get("type")))
                .map(f -> (String) f.get("name")).findFirst().orElse(null);
    }

    /** The name of a required lookup of {@code object} if it is {@code field}, else null. */
    static String requiredLookupOf(String object, String field) {
        List<Map<String, Object>> fields = schema(object).getList("fields");
        return fields.stream().filter(f -> field.equals(f.get("name")) && Boolean.TRUE.equals(f.get("required")))
                .map(f -> (String) f.get("name")).findFirst().orElse(null);
    }

    /**
     * A body with every required field of {@code object}: {@code name} in its name field, and required lookups
     * pointing at a parent {@code owner} may read (made by the admin for them).
     */
    static Map<String, Object> requiredValues(String object, User owner, String name) {
        String nameField = nameField(object);
        Map<String, Object> body = new HashMap<>();
        List<Map<String, Object>> fields = schema(object).getList("fields");
        for (Map<String, Object> field : fields) {
            if (!Boolean.TRUE.equals(field.get("required")) || Boolean.TRUE.equals(field.get("readOnly"))
                    || Boolean.TRUE.equals(field.get("system"))) {
                continue;
            }
            String fieldName = (String) field.get("name");
            Object value = switch ((String) field.get("type")) {
                case "text", "textarea" -> fieldName.equals(nameField) ? name : "x";
                case "email" -> "pp@example.com";
                case "phone" -> "+1-555-0100";
                case "url" -> "https://example.com";
                case "picklist" -> ((List<?>) field.get("picklistValues")).get(0);
                case "multipicklist" -> List.of(((List<?>) field.get("picklistValues")).get(0));
                case "number", "currency", "percent" -> 1;
                case "boolean" -> false;
                case "date" -> "2031-01-01";
                case "datetime" -> "2031-01-01T00:00:00Z";
                case "lookup" -> readableParent((String) ((List<?>) field.get("referenceTo")).get(0), owner);
                default -> throw new IllegalStateException("No value for " + field);
            };
            body.put(fieldName, value);
        }
        return body;
    }

    /** A record of {@code object} that {@code owner} may read (theirs, made by the admin), or the admin's own. */
    static String readableParent(String object, User owner) {
        Map<String, Object> body = requiredValues(object, owner, "Readable " + UUID.randomUUID());
        if (owner != null) {
            body.put("OwnerId", owner.id());
        }
        return createAsAdmin(schema(object).getString("path"), body);
    }

    static String createAsAdmin(String path, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/" + path)
                .then().statusCode(201).extract().path("Id");
    }
}
