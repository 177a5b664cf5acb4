package com.hotcrm.records.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.records.support.Api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class RecordResourceTest {

    @Inject
    Pool pool;

    @Test
    void createReturns201WithTheStoredRecordAsTheSeedShows() {
        String body = """
                {"Name": "New Customer Inc.", "Industry": "Technology", "AnnualRevenue": 2000000,
                 "Phone": "+1-555-0199", "Website": "https://newcustomer.com"}""";
        String id = given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/accounts")
                .then().statusCode(201)
                .header("ETag", "\"1\"")
                .header("Location", startsWith("/v1/accounts/acc_"))
                .body("Id", startsWith("acc_"))
                .body("Name", equalTo("New Customer Inc."))
                .body("Industry", equalTo("Technology"))
                .body("AnnualRevenue", equalTo(2000000))
                .body("Phone", equalTo("+1-555-0199"))
                .body("Website", equalTo("https://newcustomer.com"))
                .body("CreatedDate", notNullValue())
                .body("ModifiedDate", notNullValue())
                .extract().path("Id");
        assertEquals("New Customer Inc.", column("account", "name", id));
    }

    @Test
    void theCallerOwnsWhatTheyCreateAndIsTheLastToModifyIt() {
        String repId = "usr_rep" + System.nanoTime();
        String rep = TestTokens.user(repId, "sales_rep", "Standard");
        String id = given().auth().oauth2(rep).contentType(ContentType.JSON).body(Map.of("Name", "Owned"))
                .when().post("/v1/accounts")
                .then().statusCode(201)
                .body("OwnerId", equalTo(repId))
                .body("CreatedById", equalTo(repId))
                .extract().path("Id");
        assertEquals(repId, column("account", "owner_id", id));
        given().contentType(ContentType.JSON).body(Map.of("Phone", "+1-555-0100"))
                .when().patch("/v1/accounts/" + id)
                .then().statusCode(200)
                .body("OwnerId", equalTo(repId))
                .body("ModifiedById", equalTo("usr_testadmin"));
    }

    @Test
    void writesNeedAVerifiedToken() {
        given().auth().none().contentType(ContentType.JSON).body(Map.of("Name", "Nobody's"))
                .when().post("/v1/accounts")
                .then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error.code", equalTo("AUTHENTICATION_ERROR"));
        given().auth().oauth2(TestTokens.other().sign("usr_x", "admin", "Enterprise", null, Duration.ofHours(1)))
                .contentType(ContentType.JSON).body(Map.of("Name", "Forged"))
                .when().post("/v1/accounts")
                .then().statusCode(401);
        given().auth().oauth2(TestTokens.trusted().sign("usr_x", "admin", "Enterprise", null, Duration.ofMinutes(-5)))
                .when().get("/v1/accounts/acc_01ARZ3NDEKTSV4RRFFQ69G5FAV")
                .then().statusCode(401);
    }

    @Test
    void getByIdReturnsTheRecordAndSelectedFieldsWithParentsInDotNotation() {
        String account = Api.create("accounts", Map.of("Name", "Acme Corporation", "Industry", "Technology",
                "AnnualRevenue", 5000000, "Phone", "+1-555-0123", "Website", "https://acme.com"));
        given().when().get("/v1/accounts/" + account)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("Id", equalTo(account))
                .body("AnnualRevenue", equalTo(5000000))
                .body("Website", equalTo("https://acme.com"));
        given().queryParam("fields", "Name,Industry,Phone").when().get("/v1/accounts/" + account)
                .then().statusCode(200)
                .body("keySet()", hasSize(4))
                .body("Name", equalTo("Acme Corporation"));

        String contact = Api.create("contacts", Map.of("LastName", "Doe", "Email", "john@acme.com", "AccountId", account));
        String opp = Api.create("opportunities", Map.of("Name", "Enterprise Deal", "AccountId", account, "ContactId", contact,
                "Amount", 150000, "Stage", "Negotiation", "CloseDate", "2026-03-15"));
        given().queryParam("fields", "Name,Amount,Account.Name,Contact.Email").when().get("/v1/opportunities/" + opp)
                .then().statusCode(200)
                .body("Name", equalTo("Enterprise Deal"))
                .body("Amount", equalTo(150000))
                .body("Account.Name", equalTo("Acme Corporation"))
                .body("Contact.Email", equalTo("john@acme.com"));
        given().queryParam("fields", "Name,Nonsense,Account.Bogus,Planet.Name").when().get("/v1/opportunities/" + opp)
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details.field", hasItems("Nonsense", "Account.Bogus", "Planet.Name"));
    }

    @Test
    void patchChangesOnlyTheGivenFields() {
        String id = Api.create("accounts", Map.of("Name", "Acme Corporation", "Phone", "+1-555-0123", "Industry", "Retail"));
        given().contentType(ContentType.JSON).body(Map.of("Phone", "+1-555-9999", "Status", "Active Customer"))
                .when().patch("/v1/accounts/" + id)
                .then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("Id", equalTo(id))
                .body("Name", equalTo("Acme Corporation"))
                .body("Phone", equalTo("+1-555-9999"))
                .body("Status", equalTo("Active Customer"))
                .body("Industry", equalTo("Retail"))
                .body("ModifiedDate", notNullValue());
        assertEquals("+1-555-9999", column("account", "phone", id));
    }

    @Test
    void putReplacesTheRecordAndMissingFieldsBecomeNullOrDefault() {
        String id = Api.create("leads", Map.of("LastName", "Smith", "Company", "Globex", "Status", "Working", "Phone", "+1-555-0100"));
        given().contentType(ContentType.JSON).body(Map.of("LastName", "Smith", "Company", "Globex Corp"))
                .when().put("/v1/leads/" + id)
                .then().statusCode(200)
                .body("Company", equalTo("Globex Corp"))
                .body("Phone", nullValue())
                .body("Status", equalTo("New"));
        given().contentType(ContentType.JSON).body(Map.of("Company", "Globex Corp"))
                .when().put("/v1/leads/" + id)
                .then().statusCode(400)
                .body("error.details.field", hasItems("LastName"));
    }

    @Test
    void deleteAnswersTheSeedBodyAndTheRecordIsGone() {
        String id = Api.account("Short-lived Ltd");
        given().when().delete("/v1/accounts/" + id)
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("message", equalTo("Record deleted successfully"));
        given().when().get("/v1/accounts/" + id).then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        given().when().delete("/v1/accounts/" + id).then().statusCode(404);
    }

    @Test
    void everyProblemOfARecordIsReportedTogetherAndNothingIsStored() {
        long before = count("account");
        given().contentType(ContentType.JSON).body("""
                {"Industry": "Spaceflight", "Website": "not a url", "AnnualRevenue": -5, "NumberOfEmployees": 1.5,
                 "Phone": "call me", "Id": "acc_mine", "Favourite": "blue", "Rating": 3}""")
                .when().post("/v1/accounts")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details.field", hasItems("Name", "Industry", "Website", "AnnualRevenue", "NumberOfEmployees",
                        "Phone", "Id", "Favourite", "Rating"))
                .body("error.details.find { it.field == 'Name' }.message", equalTo("Name is required"))
                .body("error.details.find { it.field == 'Id' }.message", equalTo("Id is read-only"))
                .body("error.details.find { it.field == 'Favourite' }.message", containsString("Unknown field"))
                .body("error.details.find { it.field == 'Industry' }.message", containsString("Technology"));
        assertEquals(before, count("account"));
    }

    @Test
    void formatsAndLengthsAreChecked() {
        given().contentType(ContentType.JSON).body(Map.of("LastName", "x".repeat(81), "Email", "not-an-email",
                "Birthdate", "15/03/2026"))
                .when().post("/v1/contacts")
                .then().statusCode(400)
                .body("error.details.find { it.field == 'LastName' }.message", equalTo("LastName must be at most 80 characters"))
                .body("error.details.find { it.field == 'Email' }.message", containsString("email address"))
                .body("error.details.find { it.field == 'Birthdate' }.message", containsString("2026-03-15"));
    }

    @Test
    void hugeNumbersAreValidationErrorsNotServerErrors() {
        given().contentType(ContentType.JSON).body("{\"Name\": \"Big\", \"AnnualRevenue\": 1e999999}")
                .when().post("/v1/accounts")
                .then().statusCode(400)
                .body("error.details[0].field", equalTo("AnnualRevenue"))
                .body("error.details[0].message", containsString("too large"));
        given().contentType(ContentType.JSON).body("{\"Name\": \"Big\", \"Probability\": 123456.5, \"Stage\": \"Proposal\"}")
                .when().post("/v1/opportunities")
                .then().statusCode(400)
                .body("error.details[0].field", equalTo("Probability"));
    }

    @Test
    void validationRuleRequiresCloseDateWhenClosed() {
        String account = Api.account("Rules Inc");
        given().contentType(ContentType.JSON).body(Map.of("Name", "Won deal", "AccountId", account, "Stage", "Closed Won"))
                .when().post("/v1/opportunities")
                .then().statusCode(400)
                .body("error.details[0].field", equalTo("CloseDate"))
                .body("error.details[0].message", equalTo("CloseDate is required when Stage is Closed Won or Closed Lost"));
        String opp = Api.opportunity("Open deal", account);
        given().contentType(ContentType.JSON).body(Map.of("Stage", "Closed Lost"))
                .when().patch("/v1/opportunities/" + opp)
                .then().statusCode(400)
                .body("error.details[0].field", equalTo("CloseDate"));
    }

    @Test
    void lookupsMustPointAtAnExistingRecordOfTheRightObject() {
        given().contentType(ContentType.JSON).body(Map.of("LastName", "Orphan", "AccountId", "acc_01JNOSUCHACCOUNT0000000000"))
                .when().post("/v1/contacts")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details[0].field", equalTo("AccountId"));
        String contact = Api.create("contacts", Map.of("LastName", "Somebody"));
        given().contentType(ContentType.JSON).body(Map.of("LastName", "Wrong", "AccountId", contact))
                .when().post("/v1/contacts")
                .then().statusCode(400)
                .body("error.details[0].message", equalTo("AccountId must be the id of a Account"));
        given().contentType(ContentType.JSON).body(Map.of("Subject", "Call", "Type", "Call", "WhatId", "opp_01JNOSUCHOPPORTUNITY000000"))
                .when().post("/v1/activities")
                .then().statusCode(400)
                .body("error.details[0].field", equalTo("WhatId"));
    }

    @Test
    void uniqueFieldClashIsADuplicateError() {
        Api.create("products", Map.of("Name", "HotCRM Enterprise", "ProductCode", "HC-ENT-UNIQ"));
        given().contentType(ContentType.JSON).body(Map.of("Name", "Copy", "ProductCode", "HC-ENT-UNIQ"))
                .when().post("/v1/products")
                .then().statusCode(400)
                .body("error.code", equalTo("DUPLICATE_ERROR"))
                .body("error.details[0].field", equalTo("ProductCode"));
    }

    @Test
    void deletingARecordThatRestrictingRecordsReferenceIsAReferenceError() {
        String account = Api.account("Has Deals Corp");
        Api.opportunity("Deal 1", account);
        Api.opportunity("Deal 2", account);
        given().when().delete("/v1/accounts/" + account)
                .then().statusCode(409)
                .body("error.code", equalTo("REFERENCE_ERROR"))
                .body("error.details[0].field", equalTo("Opportunities"))
                .body("error.details[0].message", containsString("2 Opportunities"));
        assertEquals(1L, countWhere("account", "id", account));
    }

    @Test
    void deleteCascadesAndClearsAsTheLookupsSay() {
        String account = Api.account("Parent Co");
        String contact = Api.create("contacts", Map.of("LastName", "Kept", "AccountId", account));
        given().when().delete("/v1/accounts/" + account).then().statusCode(200);
        given().when().get("/v1/contacts/" + contact).then().statusCode(200)
                .body("AccountId", nullValue())
                .header("ETag", "\"2\"");

        String other = Api.account("Deals Co");
        String opp = Api.opportunity("With lines", other);
        String product = Api.create("products", Map.of("Name", "Widget"));
        String line = Api.create("opportunitylineitems", Map.of("OpportunityId", opp, "ProductId", product, "Quantity", 2));
        given().when().delete("/v1/opportunities/" + opp).then().statusCode(200);
        given().when().get("/v1/opportunitylineitems/" + line).then().statusCode(404);
    }

    @Test
    void staleIfMatchIsPreconditionFailedAndChangesNothing() {
        String id = Api.account("Concurrent Ltd");
        given().contentType(ContentType.JSON).body(Map.of("Phone", "+1-555-0001")).header("If-Match", "\"1\"")
                .when().patch("/v1/accounts/" + id).then().statusCode(200).header("ETag", "\"2\"");
        given().contentType(ContentType.JSON).body(Map.of("Phone", "+1-555-0002")).header("If-Match", "\"1\"")
                .when().patch("/v1/accounts/" + id)
                .then().statusCode(412)
                .body("error.code", equalTo("PRECONDITION_FAILED"));
        given().header("If-Match", "\"1\"").when().delete("/v1/accounts/" + id).then().statusCode(412);
        assertEquals("+1-555-0001", column("account", "phone", id));
    }

    @Test
    void unknownObjectsAndIdsAreNotFound() {
        given().contentType(ContentType.JSON).body("{}").when().post("/v1/spaceships")
                .then().statusCode(404).body("error.message", containsString("spaceships"));
        given().when().get("/v1/accounts/acc_01JNOSUCHTHING00000000000000").then().statusCode(404);
        given().when().get("/v1/accounts/not-an-id").then().statusCode(404);
    }

    @Test
    void malformedJsonIsAValidationErrorWithItsPosition() {
        given().contentType(ContentType.JSON).body("{\"Name\": \"Acme\",, }")
                .when().post("/v1/accounts")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", containsString("line 1, column"));
        given().contentType(ContentType.JSON).body("[1, 2]")
                .when().post("/v1/accounts")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"));
    }

    @Test
    void userRecordsAreReadOnlyHere() {
        given().when().get("/v1/metadata/objects/User").then().statusCode(200).body("readOnly", equalTo(true));
    }

    private String column(String table, String column, String id) {
        return pool.preparedQuery("SELECT " + column + "::text AS v FROM crm.\"" + table + "\" WHERE id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(5)).iterator().next().getString("v");
    }

    private long count(String table) {
        return pool.query("SELECT count(*) AS n FROM crm.\"" + table + "\"").execute()
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("n");
    }

    private long countWhere(String table, String column, String value) {
        return pool.preparedQuery("SELECT count(*) AS n FROM crm.\"" + table + "\" WHERE " + column + " = $1")
                .execute(Tuple.of(value)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("n");
    }

    @Test
    void textWithNulOrALoneSurrogateIsAValidationErrorNotAServerError() {
        for (String body : new String[] { "{\"Name\": \"a\\u0000b\"}", "{\"Name\": \"\\ud800\"}",
                "{\"Name\": \"x\\udc00y\"}" }) {
            given().contentType(ContentType.JSON).body(body)
                    .when().post("/v1/accounts")
                    .then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.details[0].field", equalTo("Name"))
                    .body("error.details[0].message", containsString("NUL"));
        }
        given().contentType(ContentType.JSON).body("{\"Name\": \"Emoji \\ud83d\\ude00 Inc\"}")
                .when().post("/v1/accounts")
                .then().statusCode(201)
                .body("Name", equalTo("Emoji \ud83d\ude00 Inc"));
    }
}
