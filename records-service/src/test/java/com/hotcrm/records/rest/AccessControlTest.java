package com.hotcrm.records.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.platform.security.AccessDefaults;
import com.hotcrm.platform.security.ObjectPermissions;
import com.hotcrm.platform.security.Roles;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class AccessControlTest {

    /** The standard objects with a REST path, their path and id prefix. */
    static final String[][] OBJECTS = { { "Account", "accounts", "acc" }, { "Contact", "contacts", "con" },
            { "Lead", "leads", "lead" }, { "Opportunity", "opportunities", "opp" }, { "Product", "products", "prod" },
            { "OpportunityLineItem", "opportunitylineitems", "oli" }, { "Case", "cases", "case" },
            { "Activity", "activities", "act" }, { "KnowledgeArticle", "knowledgearticles", "kb" } };

    @Inject
    Pool pool;

    static String token(String userId, String role) {
        return TestTokens.user(userId, role, "Standard");
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (String role : Roles.ALL) {
            for (String[] object : OBJECTS) {
                ObjectPermissions expected = AccessDefaults.permissions(role, object[0], false);
                for (ObjectPermissions.Operation operation : ObjectPermissions.Operation.values()) {
                    cases.add(Arguments.of(role, object[0], object[1], object[2], operation, expected.allows(operation)));
                }
            }
        }
        return cases.stream();
    }

    /**
     * Each role and object, each operation: 403 exactly where the defaults deny it. Allowed operations go on
     * to the next check (an empty body is a 400, an id that does not exist a 404), so no data is needed.
     */
    @ParameterizedTest(name = "{0} {4} {1}: allowed={5}")
    @MethodSource("matrix")
    void eachRoleMayDoExactlyWhatItsPermissionsSay(String role, String object, String path, String prefix,
            ObjectPermissions.Operation operation, boolean allowed) {
        String missing = RecordIds.next(prefix);
        var request = given().auth().oauth2(token("usr_matrix_" + role, role)).contentType(ContentType.JSON);
        Response response = switch (operation) {
            case CREATE -> request.body("{}").post("/v1/" + path);
            case READ -> request.get("/v1/" + path + "/" + missing);
            case EDIT -> request.body("{}").patch("/v1/" + path + "/" + missing);
            case DELETE -> request.delete("/v1/" + path + "/" + missing);
        };
        if (allowed) {
            assertNotEquals(403, response.statusCode(), response.asString());
            assertEquals(operation == ObjectPermissions.Operation.CREATE ? 400 : 404, response.statusCode(), response.asString());
        } else {
            assertEquals(403, response.statusCode(), response.asString());
            assertEquals("PERMISSION_ERROR", response.jsonPath().getString("error.code"));
        }
    }

    void user(String id, String managerId) {
        pool.preparedQuery("INSERT INTO crm.\"user\" (id, name, email, role, manager_id, is_active) VALUES ($1, $2, $3, $4, $5, true) "
                + "ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.of(id, id, id + "@example.com", "sales_rep", managerId)).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void privateRecordsReachTheirOwnerTheOwnersManagersAndThoseTheyAreSharedWith() {
        long n = System.nanoTime();
        String manager = "usr_m" + n;
        String ana = "usr_a" + n;
        String bob = "usr_b" + n;
        user(manager, null);
        user(ana, manager);
        user(bob, null);
        String anas = given().auth().oauth2(token(ana, "sales_rep")).contentType(ContentType.JSON)
                .body(Map.of("Name", "Ana's secret account")).when().post("/v1/accounts")
                .then().statusCode(201).body("OwnerId", equalTo(ana)).extract().path("Id");

        // another rep: as if it did not exist
        String bobToken = token(bob, "sales_rep");
        given().auth().oauth2(bobToken).when().get("/v1/accounts/" + anas).then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        given().auth().oauth2(bobToken).contentType(ContentType.JSON).body(Map.of("Name", "Mine now"))
                .when().patch("/v1/accounts/" + anas).then().statusCode(404);
        given().auth().oauth2(bobToken).when().delete("/v1/accounts/" + anas).then().statusCode(404);
        given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                .body(Map.of("updates", List.of(Map.of("Id", anas, "Name", "Batch grab"))))
                .when().patch("/v1/batch/accounts").then().statusCode(200)
                .body("results[0].success", equalTo(false))
                .body("results[0].error.code", equalTo("NOT_FOUND"));
        given().auth().oauth2(bobToken).contentType(ContentType.JSON).body(Map.of("ids", List.of(anas)))
                .when().delete("/v1/batch/accounts").then().statusCode(200)
                .body("results[0].success", equalTo(false));

        // her manager reaches it through the hierarchy, and may change it
        given().auth().oauth2(token(manager, "sales_rep")).contentType(ContentType.JSON).body(Map.of("Phone", "+1-555-0111"))
                .when().patch("/v1/accounts/" + anas).then().statusCode(200);
        // a sales manager sees every account (view all) but may not change what is not theirs
        String salesManager = token("usr_sm" + n, "sales_manager");
        given().auth().oauth2(salesManager).when().get("/v1/accounts/" + anas).then().statusCode(200);
        given().auth().oauth2(salesManager).contentType(ContentType.JSON).body(Map.of("Name", "Renamed"))
                .when().patch("/v1/accounts/" + anas).then().statusCode(403).body("error.code", equalTo("PERMISSION_ERROR"));

        // shared with Bob to read: he reads it, still cannot change it
        given().auth().oauth2(bobToken).contentType(ContentType.JSON)
                .body(Map.of("recordId", anas, "userId", bob, "access", "read"))
                .when().post("/v1/metadata/shares").then().statusCode(404);
        given().auth().oauth2(token(ana, "sales_rep")).contentType(ContentType.JSON)
                .body(Map.of("recordId", anas, "userId", bob, "access", "read"))
                .when().post("/v1/metadata/shares").then().statusCode(201);
        given().auth().oauth2(bobToken).when().get("/v1/accounts/" + anas).then().statusCode(200)
                .body("Name", equalTo("Ana's secret account"));
        given().auth().oauth2(bobToken).contentType(ContentType.JSON).body(Map.of("Name", "Mine now"))
                .when().patch("/v1/accounts/" + anas).then().statusCode(403);

        String name = pool.preparedQuery("SELECT name FROM crm.account WHERE id = $1").execute(Tuple.of(anas))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getString("name");
        assertEquals("Ana's secret account", name, "nothing written by anyone refused");
    }

    /** The share body is a validated record: every wrong field is named at once, in the envelope; nothing is written. */
    @Test
    void aShareWithWrongFieldsIsRefusedWithOneDetailPerField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("recordId", " ", "userId", "bob", "access", "own"))
                .when().post("/v1/metadata/shares")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details.field", equalTo(List.of("access", "recordId", "userId")))
                .body("error.details.message", equalTo(List.of("access must be read or edit",
                        "recordId must be the id of a record", "userId must be the id of a user (usr_...)")));
        given().contentType(ContentType.JSON).body(Map.of("recordId", "acc_1"))
                .when().post("/v1/metadata/shares")
                .then().statusCode(400)
                .body("error.details.field", equalTo(List.of("userId")));
        given().contentType(ContentType.JSON)
                .when().post("/v1/metadata/shares")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details[0].field", equalTo("body"));
        long shares = pool.query("SELECT count(*) FROM crm.record_share").execute()
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
        given().contentType(ContentType.JSON).body(Map.of("recordId", "zzz_1", "userId", "usr_1"))
                .when().post("/v1/metadata/shares")
                .then().statusCode(400)
                .body("error.details[0].field", equalTo("recordId"));
        assertEquals(shares, pool.query("SELECT count(*) FROM crm.record_share").execute()
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0));
    }

    @Test
    void adminsChangePermissionsAndEveryoneElseMayOnlyReadThem() {
        given().when().get("/v1/metadata/permissions/Product")
                .then().statusCode(200)
                .body("sharing", equalTo("public_read_only"))
                .body("roles.sales_rep.read", equalTo(true))
                .body("roles.sales_rep.create", equalTo(false));
        String rep = token("usr_perm" + System.nanoTime(), "sales_rep");
        given().auth().oauth2(rep).contentType(ContentType.JSON).body(Map.of("roles", Map.of("sales_rep", Map.of("create", true))))
                .when().put("/v1/metadata/permissions/Product").then().statusCode(403);
        given().auth().oauth2(rep).contentType(ContentType.JSON).body("{}").when().post("/v1/products").then().statusCode(403);

        given().contentType(ContentType.JSON).body(Map.of("roles", Map.of("sales_rep", Map.of("create", true))))
                .when().put("/v1/metadata/permissions/Product")
                .then().statusCode(200).body("roles.sales_rep.create", equalTo(true)).body("roles.sales_rep.delete", equalTo(false));
        given().auth().oauth2(rep).contentType(ContentType.JSON).body(Map.of("Name", "Rep's product", "ProductCode", "REP-" + System.nanoTime()))
                .when().post("/v1/products").then().statusCode(201);

        given().contentType(ContentType.JSON).body(Map.of("roles", Map.of("admin", Map.of("create", false), "king", Map.of()),
                "sharing", "everyone", "fields", Map.of("Nope", Map.of("sales_rep", "hidden"), "Name", Map.of("sales_rep", "gone"))))
                .when().put("/v1/metadata/permissions/Product")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details.field", org.hamcrest.Matchers.contains("fields.Name.sales_rep", "roles.admin", "roles.king",
                        "sharing"));
        given().contentType(ContentType.JSON).body(Map.of("roles", Map.of("sales_rep", Map.of("create", "yes"))))
                .when().put("/v1/metadata/permissions/Product")
                .then().statusCode(400).body("error.details.field", org.hamcrest.Matchers.contains("roles.sales_rep.create"))
                .body("error.message", org.hamcrest.Matchers.containsString("expected true or false"));
        given().contentType(ContentType.JSON).body(Map.of("roles", Map.of("sales_rep", Map.of("fly", true))))
                .when().put("/v1/metadata/permissions/Product")
                .then().statusCode(400).body("error.details.field", org.hamcrest.Matchers.contains("roles.sales_rep.fly"))
                .body("error.message", equalTo("Unknown field 'roles.sales_rep.fly'; allowed: create, delete, edit, modifyAll, read, viewAll"));
        given().contentType(ContentType.JSON).body(Map.of("fields", Map.of("Nope", Map.of("sales_rep", "hidden"))))
                .when().put("/v1/metadata/permissions/Product")
                .then().statusCode(400).body("error.details.field", org.hamcrest.Matchers.contains("fields.Nope"));
        given().when().get("/v1/metadata/permissions/Product").then().statusCode(200)
                .body("sharing", equalTo("public_read_only")).body("roles.sales_rep.create", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("roles", Map.of("sales_rep", Map.of("create", false))))
                .when().put("/v1/metadata/permissions/Product").then().statusCode(200);
    }

    @Test
    void fieldsHiddenOrReadOnlyForARoleAreAbsentOrUnwritableForIt() {
        given().contentType(ContentType.JSON)
                .body(Map.of("fields", Map.of("AnnualRevenue", Map.of("sales_rep", "hidden"), "Rating", Map.of("sales_rep", "read_only"))))
                .when().put("/v1/metadata/permissions/Lead")
                .then().statusCode(200)
                .body("fields.AnnualRevenue.sales_rep", equalTo("hidden"))
                .body("fields.Rating.sales_rep", equalTo("read_only"));
        try {
            String rep = token("usr_fields" + System.nanoTime(), "sales_rep");
            given().auth().oauth2(rep).contentType(ContentType.JSON)
                    .body(Map.of("LastName", "Hidden", "Company", "H", "Status", "New", "AnnualRevenue", 5, "Rating", "Hot"))
                    .when().post("/v1/leads").then().statusCode(400)
                    .body("error.details.field", org.hamcrest.Matchers.hasItems("AnnualRevenue", "Rating"));
            String id = given().auth().oauth2(rep).contentType(ContentType.JSON)
                    .body(Map.of("LastName", "Hidden", "Company", "H", "Status", "New"))
                    .when().post("/v1/leads").then().statusCode(201)
                    .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("AnnualRevenue")))
                    .body("$", org.hamcrest.Matchers.hasKey("Rating"))
                    .extract().path("Id");
            given().contentType(ContentType.JSON).body(Map.of("AnnualRevenue", 7000000)).when().patch("/v1/leads/" + id)
                    .then().statusCode(200).body("AnnualRevenue", equalTo(7000000));
            given().auth().oauth2(rep).when().get("/v1/leads/" + id).then().statusCode(200)
                    .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("AnnualRevenue")));
            given().auth().oauth2(rep).queryParam("fields", "LastName,AnnualRevenue").when().get("/v1/leads/" + id)
                    .then().statusCode(400);
            given().auth().oauth2(rep).contentType(ContentType.JSON).body(Map.of("Rating", "Cold")).when().patch("/v1/leads/" + id)
                    .then().statusCode(400).body("error.details[0].message", equalTo("Rating is read-only"));
            // the admin's value survives the rep's edits
            given().auth().oauth2(rep).contentType(ContentType.JSON)
                    .body(Map.of("LastName", "Replaced", "Company", "H", "Status", "Working")).when().put("/v1/leads/" + id)
                    .then().statusCode(200);
            given().when().get("/v1/leads/" + id).then().body("AnnualRevenue", equalTo(7000000)).body("LastName", equalTo("Replaced"));
        } finally {
            given().contentType(ContentType.JSON)
                    .body(Map.of("fields", Map.of("AnnualRevenue", Map.of("sales_rep", "visible"), "Rating", Map.of("sales_rep", "visible"))))
                    .when().put("/v1/metadata/permissions/Lead").then().statusCode(200);
        }
    }

    @Test
    void systemFieldsCannotBeWrittenAndNothingIsStored() {
        long before = count();
        String rep = token("usr_mass" + System.nanoTime(), "sales_rep");
        given().auth().oauth2(rep).contentType(ContentType.JSON)
                .body(Map.of("Name", "Sneaky", "Id", "acc_01ARZ3NDEKTSV4RRFFQ69G5FAV", "CreatedDate", "2001-01-01T00:00:00Z",
                        "ModifiedById", "usr_someone_else"))
                .when().post("/v1/accounts").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details.field", org.hamcrest.Matchers.hasItems("Id", "CreatedDate", "ModifiedById"));
        given().auth().oauth2(rep).contentType(ContentType.JSON).body(Map.of("Name", "Given away", "OwnerId", "usr_nobodyhere"))
                .when().post("/v1/accounts").then().statusCode(400)
                .body("error.details[0].field", equalTo("OwnerId"))
                .body("error.message", org.hamcrest.Matchers.containsString("not an active user"));
        assertEquals(before, count());
    }

    @Test
    void ownershipMovesOnlyWithEditRightsAndToARealUser() {
        long n = System.nanoTime();
        String ana = "usr_oa" + n;
        String bob = "usr_ob" + n;
        user(ana, null);
        user(bob, null);
        String anaToken = token(ana, "sales_rep");
        String bobToken = token(bob, "sales_rep");
        String id = given().auth().oauth2(anaToken).contentType(ContentType.JSON).body(Map.of("Name", "Handover"))
                .when().post("/v1/accounts").then().statusCode(201).extract().path("Id");
        // Bob cannot take it: he cannot even see it
        given().auth().oauth2(bobToken).contentType(ContentType.JSON).body(Map.of("OwnerId", bob))
                .when().patch("/v1/accounts/" + id).then().statusCode(404);
        given().auth().oauth2(anaToken).contentType(ContentType.JSON).body(Map.of("OwnerId", "usr_ghost" + n))
                .when().patch("/v1/accounts/" + id).then().statusCode(400).body("error.details[0].field", equalTo("OwnerId"));
        given().auth().oauth2(anaToken).contentType(ContentType.JSON).body(java.util.Collections.singletonMap("OwnerId", null))
                .when().patch("/v1/accounts/" + id).then().statusCode(400);
        // Ana hands it to Bob: now it is his, and no longer hers to see
        given().auth().oauth2(anaToken).contentType(ContentType.JSON).body(Map.of("OwnerId", bob))
                .when().patch("/v1/accounts/" + id).then().statusCode(200).body("OwnerId", equalTo(bob));
        given().auth().oauth2(bobToken).when().get("/v1/accounts/" + id).then().statusCode(200);
        given().auth().oauth2(anaToken).when().get("/v1/accounts/" + id).then().statusCode(404);
        // created for someone else, in a batch: a real user is taken, a missing one fails that record only
        given().auth().oauth2(anaToken).contentType(ContentType.JSON)
                .body(Map.of("records", List.of(Map.of("Name", "For Bob", "OwnerId", bob), Map.of("Name", "For nobody", "OwnerId", "usr_nope" + n))))
                .when().post("/v1/batch/accounts").then().statusCode(200)
                .body("results[0].success", equalTo(true))
                .body("results[1].success", equalTo(false))
                .body("results[1].error.details[0].field", equalTo("OwnerId"));
    }

    long count() {
        return pool.query("SELECT count(*) AS n FROM crm.account").execute().await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong("n");
    }
}
