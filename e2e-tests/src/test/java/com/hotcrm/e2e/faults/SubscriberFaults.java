package com.hotcrm.e2e.faults;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import com.hotcrm.devstack.testing.FakeWebhookReceiver;

import io.restassured.http.ContentType;

/**
 * What the fault suite's classes share: one local webhook subscriber for the class, the webhooks a test made
 * (deleted after it), and the {@code [faults] ...} report lines with their measured times.
 */
abstract class SubscriberFaults {

    static FakeWebhookReceiver receiver;
    static final List<String> webhooks = new ArrayList<>();

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = FakeWebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @AfterEach
    void deleteWebhooks() {
        webhooks.forEach(id -> given().when().delete("/v1/webhooks/" + id).then().statusCode(200));
        webhooks.clear();
    }

    /** A webhook on {@code object}'s {@code events} calling the receiver at {@code path}; deleted after the test. */
    static String subscribe(String name, String path, String object, List<String> events) {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "object", object, "events", events, "url", receiver.url(path)))
                .when().post("/v1/webhooks").then().statusCode(201).extract().path("id");
        webhooks.add(id);
        return id;
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static void report(String format, double... values) {
        Object[] args = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            args[i] = values[i];
        }
        System.out.println("[faults] " + String.format(Locale.ROOT, format, args));
    }
}
