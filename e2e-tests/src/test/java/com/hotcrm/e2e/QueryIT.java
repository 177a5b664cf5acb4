package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;

/** Records written through records-service are read back through query-service, both behind the gateway. */
@ExtendWith(RunningSuite.class)
class QueryIT {

    @Test
    void recordsCreatedThroughTheApiAreListedFilteredAndAggregated() {
        String industry = "Energy";
        String tag = UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("""
                {"records": [
                  {"Name": "Solar %1$s", "Industry": "%2$s", "AnnualRevenue": 1000000},
                  {"Name": "Wind %1$s", "Industry": "%2$s", "AnnualRevenue": 3000000},
                  {"Name": "Coal %1$s", "Industry": "Other", "AnnualRevenue": 500000}
                ]}""".formatted(tag, industry))
                .when().post("/v1/batch/accounts").then().statusCode(200).body("successCount", equalTo(3));

        String filters = "[[\"Name\",\"like\",\"%" + tag + "\"],[\"Industry\",\"=\",\"" + industry + "\"]]";
        given().queryParam("filters", filters).queryParam("sort", "-AnnualRevenue").queryParam("fields", "Name")
                .when().get("/v1/accounts")
                .then().statusCode(200)
                .header("X-HotCRM-Served-By", "query-service")
                .body("records.Name", containsInAnyOrder("Wind " + tag, "Solar " + tag))
                .body("records[0].Name", equalTo("Wind " + tag))
                .body("totalCount", equalTo(2))
                .body("hasMore", equalTo(false));
        given().queryParam("filters", filters).when().get("/v1/accounts/count")
                .then().statusCode(200).body("count", equalTo(2));
        given().queryParam("filters", filters).when().get("/v1/accounts/sum/AnnualRevenue")
                .then().statusCode(200).body("sum", equalTo(4000000)).body("count", equalTo(2));
        given().contentType(ContentType.JSON)
                .body("{\"object\": \"Account\", \"fields\": [\"Name\"], \"filters\": {\"Name\": {\"$like\": \"%" + tag + "\"}}, "
                        + "\"sort\": [[\"Name\", \"asc\"]]}")
                .when().post("/v1/query")
                .then().statusCode(200)
                .body("records.Name", equalTo(java.util.List.of("Coal " + tag, "Solar " + tag, "Wind " + tag)));
    }
}
