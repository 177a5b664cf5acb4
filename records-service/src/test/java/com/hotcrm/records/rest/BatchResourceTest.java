package com.hotcrm.records.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.hotcrm.devstack.testing.KafkaEvents;
import com.hotcrm.devstack.testing.KafkaTestResource;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.records.support.Api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class BatchResourceTest {

    @Inject
    Pool pool;

    @Test
    void batchCreateAsTheSeedShowsWithOneEventPerRecord() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        try (KafkaEvents events = new KafkaEvents(ChangeEvent.TOPIC)) {
            Response response = given().contentType(ContentType.JSON).body("""
                    {"records": [
                      {"FirstName": "John", "LastName": "Doe-%s", "Email": "john@example.com"},
                      {"FirstName": "Jane", "LastName": "Smith-%s", "Email": "jane@example.com"}
                    ]}""".formatted(tag, tag))
                    .when().post("/v1/batch/contacts");
            response.then().statusCode(200)
                    .body("results", hasSize(2))
                    .body("results[0].Id", startsWith("con_"))
                    .body("results[0].success", equalTo(true))
                    .body("results[1].success", equalTo(true))
                    .body("successCount", equalTo(2))
                    .body("errorCount", equalTo(0));
            String john = response.path("results[0].Id");
            given().when().get("/v1/contacts/" + john).then().statusCode(200).body("LastName", equalTo("Doe-" + tag));
            assertEquals(1, events.forKey("Contact:" + john, 1).size());
            assertEquals("hotcrm.record.created", events.forKey("Contact:" + john, 1).get(0).get("type").asText());
        }
    }

    @Test
    void badRecordsFailAloneInInputOrderByDefault() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Response response = given().contentType(ContentType.JSON).body("""
                {"records": [
                  {"LastName": "Good-%s"},
                  {"FirstName": "No last name", "Email": "nope"},
                  {"LastName": "Orphan-%s", "AccountId": "acc_01JNOSUCHACCOUNT0000000000"},
                  {"LastName": "Also good-%s"}
                ]}""".formatted(tag, tag, tag))
                .when().post("/v1/batch/contacts");
        response.then().statusCode(200)
                .body("successCount", equalTo(2))
                .body("errorCount", equalTo(2))
                .body("results[0].success", equalTo(true))
                .body("results[1].success", equalTo(false))
                .body("results[1].Id", nullValue())
                .body("results[1].error.code", equalTo("VALIDATION_ERROR"))
                .body("results[1].error.details.field", org.hamcrest.Matchers.hasItems("LastName", "Email"))
                .body("results[2].error.details[0].field", equalTo("AccountId"))
                .body("results[3].success", equalTo(true));
        assertEquals(2L, countLastNameEndingWith(tag));
    }

    @Test
    void allOrNoneWritesNothingWhenOneRecordFails() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("""
                {"allOrNone": true, "records": [
                  {"LastName": "Fine-%s"},
                  {"LastName": "Bad-%s", "Email": "not-an-email"}
                ]}""".formatted(tag, tag))
                .when().post("/v1/batch/contacts")
                .then().statusCode(200)
                .body("successCount", equalTo(0))
                .body("errorCount", equalTo(2))
                .body("results[0].error.message", containsString("allOrNone"))
                .body("results[1].error.details[0].field", equalTo("Email"));
        assertEquals(0L, countLastNameEndingWith(tag));
    }

    @Test
    void duplicateUniqueValuesInOneBatchOrAgainstTheTableFail() {
        String code = "DUP-" + UUID.randomUUID().toString().substring(0, 8);
        Api.create("products", Map.of("Name", "Existing", "ProductCode", code + "-A"));
        given().contentType(ContentType.JSON).body(Map.of("records", List.of(
                Map.of("Name", "Clash with table", "ProductCode", code + "-A"),
                Map.of("Name", "First B", "ProductCode", code + "-B"),
                Map.of("Name", "Second B", "ProductCode", code + "-B"))))
                .when().post("/v1/batch/products")
                .then().statusCode(200)
                .body("results[0].error.code", equalTo("DUPLICATE_ERROR"))
                .body("results[1].success", equalTo(true))
                .body("results[2].error.code", equalTo("DUPLICATE_ERROR"))
                .body("results[2].error.details[0].field", equalTo("ProductCode"));
    }

    @Test
    void batchUpdateAsTheSeedShows() {
        String a = Api.create("leads", Map.of("LastName", "A", "Company", "Acme"));
        String b = Api.create("leads", Map.of("LastName", "B", "Company", "Acme"));
        String c = Api.create("leads", Map.of("LastName", "C", "Company", "Acme"));
        given().contentType(ContentType.JSON).body("""
                {"updates": [
                  {"Id": "%s", "Status": "Working"},
                  {"Id": "%s", "Status": "Converted"},
                  {"Id": "%s", "Status": "Nurturing"},
                  {"Id": "lead_01JNOSUCHLEAD0000000000000", "Status": "Working"},
                  {"Id": "%s", "Status": "Sleeping"}
                ]}""".formatted(a, b, c, a))
                .when().patch("/v1/batch/leads")
                .then().statusCode(200)
                .body("successCount", equalTo(3))
                .body("results[0].Id", equalTo(a))
                .body("results[3].error.code", equalTo("NOT_FOUND"))
                .body("results[4].error.code", equalTo("VALIDATION_ERROR"));
        given().when().get("/v1/leads/" + b).then().body("Status", equalTo("Converted")).header("ETag", "\"2\"");
        given().when().get("/v1/leads/" + a).then().body("Status", equalTo("Working"));
    }

    @Test
    void batchDeleteAsTheSeedShowsWithRestrictedAndMissingOnesReported() {
        String a = Api.create("leads", Map.of("LastName", "Gone A", "Company", "X"));
        String b = Api.create("leads", Map.of("LastName", "Gone B", "Company", "X"));
        String account = Api.account("Keeps Its Deals");
        Api.opportunity("Pinned deal", account);
        given().contentType(ContentType.JSON).body(Map.of("ids", List.of(a, b, "lead_01JNOSUCHLEAD0000000000000")))
                .when().delete("/v1/batch/leads")
                .then().statusCode(200)
                .body("successCount", equalTo(2))
                .body("results[2].error.code", equalTo("NOT_FOUND"));
        given().when().get("/v1/leads/" + a).then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("ids", List.of(account)))
                .when().delete("/v1/batch/accounts")
                .then().statusCode(200)
                .body("results[0].error.code", equalTo("REFERENCE_ERROR"))
                .body("results[0].error.details[0].field", equalTo("Opportunities"));
        given().when().get("/v1/accounts/" + account).then().statusCode(200);
    }

    @Test
    void aBatchIsOneToTwoHundredRecords() {
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            many.add(Map.of("LastName", "N" + i));
        }
        given().contentType(ContentType.JSON).body(Map.of("records", many)).when().post("/v1/batch/contacts")
                .then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", containsString("1 to 200"));
        given().contentType(ContentType.JSON).body(Map.of("records", List.of())).when().post("/v1/batch/contacts")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("rows", List.of())).when().post("/v1/batch/contacts")
                .then().statusCode(400).body("error.details[0].field", equalTo("rows"))
                .body("error.message", equalTo("Unknown field 'rows'; allowed: allOrNone, records"));
        given().contentType(ContentType.JSON).body("{}").when().post("/v1/batch/contacts")
                .then().statusCode(400).body("error.details[0].field", equalTo("records"));
        given().contentType(ContentType.JSON).body(Map.of("ids", List.of("con_x"), "allOrNone", "yes")).when().delete("/v1/batch/contacts")
                .then().statusCode(400).body("error.details[0].field", equalTo("allOrNone"));
    }

    @Test
    void twoHundredRecordsGoInOneRequest() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(Map.of("LastName", "Bulk" + i + "-" + tag, "Email", "bulk" + i + "@example.com"));
        }
        given().contentType(ContentType.JSON).body(Map.of("records", many)).when().post("/v1/batch/contacts")
                .then().statusCode(200)
                .body("successCount", equalTo(200));
        assertEquals(200L, countLastNameEndingWith(tag));
    }

    private long countLastNameEndingWith(String tag) {
        return pool.preparedQuery("SELECT count(*) AS n FROM crm.contact WHERE last_name LIKE $1")
                .execute(Tuple.of("%-" + tag)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("n");
    }
}
