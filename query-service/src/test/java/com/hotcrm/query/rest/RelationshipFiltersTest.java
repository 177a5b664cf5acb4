package com.hotcrm.query.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.query.CrmFixture;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Filters on parents' fields (dot notation) and on children (exists), in lists, /query, counts and groupBy, each
 * checked against the rows the test computes itself from the data it wrote, for an admin (who reads everything)
 * and for Bob, a rep who reads only his own records: a parent or child he may not read counts as absent.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class RelationshipFiltersTest {

    static final String ANA = "usr_rfana";
    static final String BOB = "usr_rfbob";

    record Account(String id, String owner, String industry, String parent) {
    }

    record Deal(String id, String owner, String account, boolean closed) {
    }

    static final List<Account> ACCOUNTS = List.of(
            new Account("acc_RFA", ANA, "Finance", null),
            new Account("acc_RFB", BOB, "Finance", "acc_RFA"),
            new Account("acc_RFC", BOB, "Retail", "acc_RFB"),
            new Account("acc_RFD", BOB, null, null));

    static final List<Deal> DEALS = List.of(
            new Deal("opp_RF1", BOB, "acc_RFA", false),
            new Deal("opp_RF2", BOB, "acc_RFB", false),
            new Deal("opp_RF3", BOB, "acc_RFC", false),
            new Deal("opp_RF4", BOB, "acc_RFD", true),
            new Deal("opp_RF5", BOB, null, false),
            new Deal("opp_RF6", ANA, "acc_RFB", false),
            new Deal("opp_RF7", BOB, "acc_RFC", true),
            new Deal("opp_RF8", ANA, "acc_RFD", false));

    @Inject
    MetadataRepository metadata;

    @BeforeEach
    void data() {
        CrmFixture.ensure(metadata);
        var pool = CrmFixture.writer();
        CrmFixture.users(ANA, BOB);
        for (Account a : ACCOUNTS) {
            pool.preparedQuery("INSERT INTO crm.account (id, name, industry, parent_id, owner_id) VALUES ($1, $1, $2, $3, $4) "
                    + "ON CONFLICT DO NOTHING").execute(Tuple.of(a.id(), a.industry(), a.parent(), a.owner()))
                    .await().atMost(Duration.ofSeconds(5));
        }
        for (Deal d : DEALS) {
            pool.preparedQuery("INSERT INTO crm.opportunity (id, name, account_id, amount, stage, is_closed, owner_id) "
                    + "VALUES ($1, $1, $2, 1, $3, $4, $5) ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(d.id(), d.account(), d.closed() ? "Closed Lost" : "Prospecting", d.closed(), d.owner()))
                    .await().atMost(Duration.ofSeconds(5));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/v1/opportunities").then().statusCode(200));
    }

    @AfterEach
    void removeData() {
        CrmFixture.removeTagged("RF", ANA, BOB);
    }

    // ---------------------------------------------------------------- the test's own model of what each caller reads

    /** The callers: the admin, and Bob, a rep. */
    static final String ADMIN = "admin";
    static final List<String> CALLERS = List.of(ADMIN, BOB);

    static String tokenOf(String caller) {
        return caller.equals(ADMIN) ? TestTokens.admin() : TestTokens.user(BOB, "sales_rep", "Standard");
    }

    /** Whether the caller reads a record of this owner: the admin everything, Bob his own. */
    static boolean reads(String caller, String owner) {
        return caller.equals(ADMIN) || caller.equals(owner);
    }

    /** The account as the caller sees it through a lookup: null when there is none or they may not read it. */
    static Account account(String caller, String id) {
        return ACCOUNTS.stream().filter(a -> a.id().equals(id) && reads(caller, a.owner())).findFirst().orElse(null);
    }

    static String industry(String caller, String accountId) {
        Account a = account(caller, accountId);
        return a == null ? null : a.industry();
    }

    static List<String> deals(String caller, Predicate<Deal> filter) {
        return DEALS.stream().filter(d -> reads(caller, d.owner())).filter(filter).map(Deal::id).sorted().toList();
    }

    static List<String> accounts(String caller, Predicate<Account> filter) {
        return ACCOUNTS.stream().filter(a -> reads(caller, a.owner())).filter(filter).map(Account::id).sorted().toList();
    }

    static boolean hasOpenDeal(String caller, Account account) {
        return DEALS.stream().anyMatch(d -> reads(caller, d.owner()) && account.id().equals(d.account()) && !d.closed());
    }

    // ---------------------------------------------------------------- through the API

    static List<String> list(String caller, String path, String filters, String prefix) {
        String all = "[[\"Id\", \"like\", \"" + prefix + "%\"], " + filters.substring(1);
        return given().auth().oauth2(tokenOf(caller)).queryParam("filters", all).queryParam("sort", "Id").queryParam("fields", "Id")
                .when().get("/v1/" + path).then().statusCode(200).extract().jsonPath().getList("records.Id", String.class);
    }

    static List<String> deals(String caller, String filters) {
        String bearer = tokenOf(caller);
        List<String> listed = list(caller, "opportunities", filters, "opp_RF");
        // POST /v1/query and count say the same
        String all = "[[\"Id\", \"like\", \"opp_RF%\"], " + filters.substring(1);
        List<String> queried = given().auth().oauth2(bearer).contentType(ContentType.JSON)
                .body("{\"object\": \"Opportunity\", \"fields\": [\"Id\"], \"sort\": \"Id\", \"filters\": " + all + "}")
                .when().post("/v1/query").then().statusCode(200).extract().jsonPath().getList("records.Id", String.class);
        assertEquals(listed, queried);
        int counted = given().auth().oauth2(bearer).queryParam("filters", all).when().get("/v1/opportunities/count")
                .then().statusCode(200).extract().path("count");
        assertEquals(listed.size(), counted);
        return listed;
    }

    @Test
    void aParentsFieldFiltersItsChildren() {
        for (String caller : CALLERS) {
            assertEquals(deals(caller, d -> "Finance".equals(industry(caller, d.account()))),
                    deals(caller, "[[\"Account.Industry\", \"=\", \"Finance\"]]"));
            assertEquals(deals(caller, d -> java.util.Set.of("Retail", "Finance").contains(String.valueOf(industry(caller, d.account())))),
                    deals(caller, "[[\"Account.Industry\", \"in\", [\"Retail\", \"Finance\"]]]"));
        }
        // Bob's deal on Ana's Finance account is not found through it: he may not read that account
        assertEquals(List.of("opp_RF2"), deals(BOB, "[[\"Account.Industry\", \"=\", \"Finance\"]]"));
    }

    @Test
    void aMissingOrUnreadableParentIsNull() {
        for (String caller : CALLERS) {
            assertEquals(deals(caller, d -> industry(caller, d.account()) == null),
                    deals(caller, "[[\"Account.Industry\", \"is null\"]]"));
            assertEquals(deals(caller, d -> !"Finance".equals(industry(caller, d.account()))),
                    deals(caller, "[[\"Account.Industry\", \"!=\", \"Finance\"]]"));
            assertEquals(deals(caller, d -> !"Finance".equals(industry(caller, d.account()))),
                    deals(caller, "[[\"Account.Industry\", \"not in\", [\"Finance\"]]]"));
            // the object form, with $ne and $nin
            String objectForm = "{\"Id\": {\"$like\": \"opp_RF%\"}, \"Account.Industry\": {\"$nin\": [\"Finance\"]}}";
            assertEquals(deals(caller, d -> !"Finance".equals(industry(caller, d.account()))),
                    given().auth().oauth2(tokenOf(caller)).queryParam("filters", objectForm).queryParam("sort", "Id").when()
                            .get("/v1/opportunities").then().statusCode(200).extract().jsonPath().getList("records.Id", String.class));
        }
        assertEquals(List.of("opp_RF1", "opp_RF4", "opp_RF5"), deals(BOB, "[[\"Account.Industry\", \"is null\"]]"));
    }

    @Test
    void grandparentsAreFollowedAndStopAtTheFirstUnreadableOne() {
        for (String caller : CALLERS) {
            assertEquals(deals(caller, d -> {
                Account a = account(caller, d.account());
                return a != null && "Finance".equals(industry(caller, a.parent()));
            }), deals(caller, "[[\"Account.Parent.Industry\", \"=\", \"Finance\"]]"));
        }
    }

    @Test
    void childrenFilterTheirParents() {
        for (String caller : CALLERS) {
            assertEquals(accounts(caller, a -> hasOpenDeal(caller, a)),
                    list(caller, "accounts", "[[\"Opportunities\", \"exists\", [[\"IsClosed\", \"=\", false]]]]", "acc_RF"));
            assertEquals(accounts(caller, a -> !hasOpenDeal(caller, a)),
                    list(caller, "accounts", "[[\"Opportunities\", \"not exists\", [[\"IsClosed\", \"=\", false]]]]", "acc_RF"));
        }
        // Ana's open deal on Bob's account D counts for the admin, not for Bob
        assertEquals(List.of("acc_RFA", "acc_RFB", "acc_RFC", "acc_RFD"),
                list(ADMIN, "accounts", "[[\"Opportunities\", \"exists\", [[\"IsClosed\", \"=\", false]]]]", "acc_RF"));
        assertEquals(List.of("acc_RFB", "acc_RFC"),
                list(BOB, "accounts", "[[\"Opportunities\", \"exists\", [[\"IsClosed\", \"=\", false]]]]", "acc_RF"));
    }

    @Test
    void groupByTakesThemToo() {
        given().auth().oauth2(tokenOf(ADMIN)).contentType(ContentType.JSON)
                .body("{\"groupBy\": \"Stage\", \"filters\": [[\"Id\", \"like\", \"opp_RF%\"], "
                        + "[\"Account.Industry\", \"=\", \"Finance\"]], \"aggregations\": {\"n\": {\"function\": \"COUNT\", \"field\": \"Id\"}}}")
                .when().post("/v1/opportunities/groupby")
                .then().statusCode(200).body("groups.size()", equalTo(1)).body("groups[0].n", equalTo(
                        deals(ADMIN, d -> "Finance".equals(industry(ADMIN, d.account()))).size()));
    }

    @Test
    void badPathsAreNamed() {
        given().queryParam("filters", "[[\"Acount.Industry\", \"=\", \"x\"]]").when().get("/v1/opportunities")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.details[0].field", equalTo("filters[0]"))
                .body("error.details[0].message", containsString("'Acount' is not a parent relationship of Opportunity"));
        given().queryParam("filters", "[[\"Account.Parent.Parent.Parent.Parent.Parent.Name\", \"=\", \"x\"]]")
                .when().get("/v1/opportunities")
                .then().statusCode(400).body("error.message", containsString("at most 5 relationships deep"));
        given().queryParam("filters", "[[\"Deals\", \"exists\"]]").when().get("/v1/accounts")
                .then().statusCode(400).body("error.message", containsString("'Deals' is not a child relationship of Account"));
        given().queryParam("filters", "[[\"Opportunities\", \"exists\", [[\"Amount\", \">\", \"lots\"]]]]")
                .when().get("/v1/accounts")
                .then().statusCode(400).body("error.details[0].field", equalTo("filters[0][2][0]"))
                .body("error.details[0].message", containsString("Amount is a currency field"));
    }
}
