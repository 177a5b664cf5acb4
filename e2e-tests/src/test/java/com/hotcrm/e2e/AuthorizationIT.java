package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** What each role may touch, through the gateway, with real users from auth-service. */
@ExtendWith(RunningSuite.class)
class AuthorizationIT {

    static final String[][] OBJECTS = { { "Account", "accounts", "acc" }, { "Contact", "contacts", "con" },
            { "Lead", "leads", "lead" }, { "Opportunity", "opportunities", "opp" }, { "Product", "products", "prod" },
            { "OpportunityLineItem", "opportunitylineitems", "oli" }, { "Case", "cases", "case" },
            { "Activity", "activities", "act" }, { "KnowledgeArticle", "knowledgearticles", "kb" } };

    static final List<String> ROLES = List.of("admin", "sales_manager", "sales_rep", "support_agent", "read_only");

    /**
     * The defaults the issue asks for, written out independently of the code: per role, the objects and the
     * operations (C create, R read, U update, D delete) it may do; any object not listed, nothing.
     */
    static final Map<String, Map<String, String>> EXPECTED = Map.of(
            "admin", allObjects("CRUD"),
            "sales_manager", sales(),
            "sales_rep", sales(),
            "support_agent", Map.of("Case", "CRUD", "KnowledgeArticle", "CRUD", "Activity", "CRUD", "Account", "R",
                    "Contact", "R", "Product", "R"),
            "read_only", allObjects("R"));

    static Map<String, String> allObjects(String ops) {
        Map<String, String> all = new HashMap<>();
        for (String[] object : OBJECTS) {
            all.put(object[0], ops);
        }
        return all;
    }

    static Map<String, String> sales() {
        Map<String, String> sales = allObjects("R");
        for (String object : List.of("Account", "Contact", "Lead", "Opportunity", "OpportunityLineItem", "Activity")) {
            sales.put(object, "CRUD");
        }
        return sales;
    }

    static final Map<String, String> TOKENS = new HashMap<>();

    static String userWithRole(String role) {
        String email = role + "-" + UUID.randomUUID() + "@example.com";
        given().contentType(ContentType.JSON)
                .body(Map.of("Name", role, "Email", email, "Password", "authz-password-1", "Role", role))
                .when().post("/v1/users").then().statusCode(201);
        return given().auth().none().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "authz-password-1"))
                .when().post("/v1/auth/token").then().statusCode(200).extract().path("token");
    }

    @BeforeAll
    static void users() {
        for (String role : ROLES) {
            TOKENS.computeIfAbsent(role, AuthorizationIT::userWithRole);
        }
    }

    @Test
    void eachRoleMayDoExactlyWhatTheDefaultsSay() {
        for (String role : ROLES) {
            for (String[] object : OBJECTS) {
                String allowed = EXPECTED.get(role).getOrDefault(object[0], "");
                String missing = object[2] + "_01ARZ3NDEKTSV4RRFFQ69G5FAV";
                for (char operation : "CRUD".toCharArray()) {
                    var request = given().auth().oauth2(TOKENS.get(role)).contentType(ContentType.JSON);
                    Response response = switch (operation) {
                        case 'C' -> request.body("{}").post("/v1/" + object[1]);
                        case 'R' -> request.get("/v1/" + object[1] + "/" + missing);
                        case 'U' -> request.body("{}").patch("/v1/" + object[1] + "/" + missing);
                        default -> request.delete("/v1/" + object[1] + "/" + missing);
                    };
                    // allowed operations go on to the next check: an empty body is a 400, a missing id a 404
                    int expected = allowed.indexOf(operation) < 0 ? 403 : operation == 'C' ? 400 : 404;
                    assertEquals(expected, response.statusCode(), role + " " + operation + " " + object[0] + ": "
                            + response.asString());
                }
                int list = given().auth().oauth2(TOKENS.get(role)).get("/v1/" + object[1] + "?limit=1").statusCode();
                assertEquals(allowed.contains("R") ? 200 : 403, list, role + " lists " + object[0]);
            }
        }
    }

    @Test
    void oneRepsPrivateRecordsAreInvisibleToAnotherEverywhere() {
        String ana = userWithRole("sales_rep");
        String bob = userWithRole("sales_rep");
        String marker = "Private " + UUID.randomUUID();
        String account = given().auth().oauth2(ana).contentType(ContentType.JSON)
                .body(Map.of("Name", marker, "AnnualRevenue", 1234)).when().post("/v1/accounts")
                .then().statusCode(201).extract().path("Id");
        given().auth().oauth2(ana).contentType(ContentType.JSON)
                .body(Map.of("Name", marker + " deal", "AccountId", account, "Stage", "Prospecting",
                        "CloseDate", "2031-01-01", "Amount", 50))
                .when().post("/v1/opportunities").then().statusCode(201);
        String filter = "[[\"Name\",\"=\",\"" + marker + "\"]]";

        // Ana sees her account everywhere
        given().auth().oauth2(ana).queryParam("filters", filter).when().get("/v1/accounts/count")
                .then().body("count", equalTo(1));

        // Bob: get, list, query, related, count, sum, groupby, batch update and delete
        given().auth().oauth2(bob).when().get("/v1/accounts/" + account).then().statusCode(404);
        given().auth().oauth2(bob).queryParam("filters", filter).when().get("/v1/accounts")
                .then().statusCode(200).body("totalCount", equalTo(0));
        given().auth().oauth2(bob).contentType(ContentType.JSON)
                .body(Map.of("object", "Account", "filters", List.of(List.of("Id", "=", account)),
                        "related", Map.of("Opportunities", Map.of("fields", List.of("Name")))))
                .when().post("/v1/query").then().statusCode(200).body("records.size()", equalTo(0));
        given().auth().oauth2(bob).queryParam("filters", filter).when().get("/v1/accounts/count")
                .then().body("count", equalTo(0));
        given().auth().oauth2(bob).queryParam("filters", filter).when().get("/v1/accounts/sum/AnnualRevenue")
                .then().body("count", equalTo(0));
        given().auth().oauth2(bob).contentType(ContentType.JSON)
                .body(Map.of("groupBy", "Name", "filters", List.of(List.of("Name", "=", marker)),
                        "aggregations", Map.of("n", Map.of("function", "COUNT"))))
                .when().post("/v1/accounts/groupby").then().statusCode(200).body("groups.size()", equalTo(0));
        given().auth().oauth2(bob).contentType(ContentType.JSON)
                .body(Map.of("updates", List.of(Map.of("Id", account, "Name", "Taken"))))
                .when().patch("/v1/batch/accounts").then().statusCode(200).body("results[0].success", equalTo(false));
        given().auth().oauth2(bob).contentType(ContentType.JSON).body(Map.of("ids", List.of(account)))
                .when().delete("/v1/batch/accounts").then().statusCode(200).body("results[0].success", equalTo(false));

        // nothing changed: Ana still has it as she made it
        given().auth().oauth2(ana).when().get("/v1/accounts/" + account).then().statusCode(200).body("Name", equalTo(marker));
    }

    @Test
    void massAssignmentIsRefusedAndNothingIsWritten() {
        String rep = TOKENS.get("sales_rep");
        String marker = "Mass " + UUID.randomUUID();
        given().auth().oauth2(rep).contentType(ContentType.JSON)
                .body(Map.of("Name", marker, "Id", "acc_01ARZ3NDEKTSV4RRFFQ69G5FAV", "CreatedDate", "2001-01-01T00:00:00Z",
                        "CreatedById", "usr_someone"))
                .when().post("/v1/accounts").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details.field", hasItems("Id", "CreatedDate", "CreatedById"));
        given().auth().oauth2(rep).contentType(ContentType.JSON).body(Map.of("Name", marker, "OwnerId", "usr_someone1"))
                .when().post("/v1/accounts").then().statusCode(400)
                .body("error.details[0].field", equalTo("OwnerId"));
        given().queryParam("filters", "[[\"Name\",\"=\",\"" + marker + "\"]]").when().get("/v1/accounts/count")
                .then().body("count", equalTo(0));
        // a role without the permission cannot grant it to itself
        given().auth().oauth2(rep).contentType(ContentType.JSON)
                .body(Map.of("roles", Map.of("sales_rep", Map.of("modifyAll", true))))
                .when().put("/v1/metadata/permissions/Account").then().statusCode(403);
        given().when().get("/v1/metadata/permissions/Account")
                .then().body("roles.sales_rep.modifyAll", not(equalTo(true)));
    }
}
