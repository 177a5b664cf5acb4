package com.hotcrm.records.support;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;

/** Small builders for records made through the API itself, so tests read as a client would write. */
public final class Api {

    private Api() {
    }

    public static String create(String object, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/" + object)
                .then().statusCode(201)
                .extract().path("Id");
    }

    public static String account(String name) {
        return create("accounts", Map.of("Name", name, "Industry", "Technology"));
    }

    public static String opportunity(String name, String accountId) {
        return create("opportunities", Map.of("Name", name, "AccountId", accountId, "Amount", 150000, "Stage", "Prospecting"));
    }
}
