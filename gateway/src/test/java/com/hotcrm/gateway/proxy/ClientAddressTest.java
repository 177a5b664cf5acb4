package com.hotcrm.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Behind trusted proxies (the test client's loopback), the client is the rightmost X-Forwarded-For hop
 * that is not a trusted proxy; what is left of it is the client's own claim and is not passed on.
 */
@QuarkusTest
@WithTestResource(FakeUpstreams.class)
class ClientAddressTest {

    static String forwardedFor(String header) {
        return given().header("X-Forwarded-For", header).when().get("/v1/accounts")
                .then().statusCode(200).extract().path("forwardedFor");
    }

    static String peer() {
        return given().when().get("/v1/accounts").then().statusCode(200).extract().path("forwardedFor");
    }

    @Test
    void theRightmostUntrustedHopIsTheClientAndItsOwnClaimsAreDropped() {
        String peer = peer();
        assertEquals(peer.equals("127.0.0.1") || peer.equals("0:0:0:0:0:0:0:1"), true, peer);
        assertEquals("203.0.113.9, " + peer, forwardedFor("203.0.113.9"));
        // 198.51.100.1 is whatever the client wrote: only the hop the trusted proxy saw counts
        assertEquals("203.0.113.9, " + peer, forwardedFor("198.51.100.1, 203.0.113.9"));
        // a chain of trusted proxies is walked back to the first address that is not one
        assertEquals("203.0.113.9, 127.0.0.5, " + peer, forwardedFor("198.51.100.1, 203.0.113.9, 127.0.0.5"));
        // a hop that is not an address ends the walk at the proxy that wrote it
        assertEquals("127.0.0.5, " + peer, forwardedFor("203.0.113.9, evil.example.com, 127.0.0.5"));
    }

    @Test
    void loginLimitsCountTheClientBehindTheProxyNotItsClaims() {
        // the test's budget is 5 a minute: 5 from one client, whatever it puts left of its address
        String client = TestClients.address();
        for (int i = 0; i < 5; i++) {
            given().auth().none().header("X-Forwarded-For", "10.9.9." + i + ", " + client)
                    .contentType("application/json").body("{}")
                    .when().post("/v1/auth/token").then().statusCode(200);
        }
        given().auth().none().header("X-Forwarded-For", "10.9.9.99, " + client).contentType("application/json").body("{}")
                .when().post("/v1/auth/token").then().statusCode(429);
    }
}
