package com.hotcrm.auth.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Logins for auth-service's tests: the first admin of the test profile, and reading a token's parts. */
public final class AuthApi {

    public static final String ADMIN = "admin@hotcrm.local";
    public static final String ADMIN_PASSWORD = "admin-test-password";

    private AuthApi() {
    }

    public static JsonPath login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .when().post("/v1/auth/token")
                .then().statusCode(200).extract().jsonPath();
    }

    public static String adminToken() {
        return login(ADMIN, ADMIN_PASSWORD).getString("token");
    }

    /** Header (0) or claims (1) of a JWT. */
    public static JsonPath jwtPart(String jwt, int part) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[part]), StandardCharsets.UTF_8));
    }
}
