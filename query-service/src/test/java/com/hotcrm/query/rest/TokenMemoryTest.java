package com.hotcrm.query.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.data.security.RememberedIdentities;
import com.hotcrm.data.security.VerifiedTokens;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.query.CrmFixture;

import io.quarkus.arc.ClientProxy;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.smallrye.jwt.auth.principal.JWTParser;

/**
 * The service remembers the access tokens it verified (VerifiedTokens), and what it remembers never lets
 * through a token it would refuse: an expired one, one signed by a key it does not trust, a tampered one.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class TokenMemoryTest {

    @Inject
    JWTParser parser;

    @Inject
    MetadataRepository metadata;

    @Inject
    RememberedIdentities remembered;

    @BeforeEach
    void data() {
        CrmFixture.ensure(metadata);
    }

    @Test
    void aVerifiedTokenIsRemembered() throws Exception {
        assertInstanceOf(VerifiedTokens.class, ClientProxy.unwrap(parser), "the parser the service verifies with");
        String token = TestTokens.user("usr_tm1", "sales_rep", "Standard");
        assertSame(parser.parse(token), parser.parse(token), "the second parse is the first one's result");
    }

    @Test
    void aRememberedTokenIsAnsweredWithoutVerifyingAgainAndOthersAreLeftToSmallRye() throws Exception {
        String token = TestTokens.user("usr_tm5", "sales_manager", "Standard");
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new JsonWebTokenCredential(token));
        assertNull(remembered.authenticate(request, null).await().indefinitely(), "not verified yet: SmallRye's to verify");

        given().auth().oauth2(token).when().get("/v1/accounts/count").then().statusCode(200);
        SecurityIdentity identity = remembered.authenticate(request, null).await().indefinitely();
        assertSame(parser.parse(token), identity.getPrincipal(), "the token SmallRye verified is the principal");
        assertEquals(java.util.Set.of("sales_manager"), identity.getRoles());
        assertSame(token, identity.getCredential(JsonWebTokenCredential.class).getToken());

        // expired 50 s ago: SmallRye accepts it within its clock skew and it is remembered, but never answered from memory
        String expired = TestTokens.trusted().sign("usr_tm6", "admin", "Enterprise", null, Duration.ofSeconds(-50));
        given().auth().oauth2(expired).when().get("/v1/accounts/count").then().statusCode(200);
        assertNull(remembered.authenticate(new TokenAuthenticationRequest(new JsonWebTokenCredential(expired)), null)
                .await().indefinitely());
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        // expired 50 s ago: still honoured for the 60 s of clock skew SmallRye allows, then refused
        String token = TestTokens.trusted().sign("usr_tm2", "admin", "Enterprise", null, Duration.ofSeconds(-50));
        given().auth().oauth2(token).when().get("/v1/accounts/count").then().statusCode(200);
        given().auth().oauth2(token).when().get("/v1/accounts/count").then().statusCode(200);
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(25)).untilAsserted(() -> given().auth()
                .oauth2(token).when().get("/v1/accounts/count").then().statusCode(401));
    }

    @Test
    void aTokenOfAnUntrustedKeyOrTamperedWithIsRefusedEveryTime() {
        String untrusted = TestTokens.other().sign("usr_tm3", "admin", "Enterprise", null, Duration.ofHours(1));
        String good = TestTokens.user("usr_tm4", "sales_rep", "Standard");
        given().auth().oauth2(good).when().get("/v1/accounts/count").then().statusCode(200);
        // the same header and signature with other claims: admin instead of sales_rep
        String tampered = TestTokens.tampered(good, "sales_rep", "admin");
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(untrusted).when().get("/v1/accounts/count").then().statusCode(401);
            given().auth().oauth2(tampered).when().get("/v1/accounts/count").then().statusCode(401);
        }
    }
}
