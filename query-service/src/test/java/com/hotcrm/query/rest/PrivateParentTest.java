package com.hotcrm.query.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.devstack.testing.TestTokens;
import com.hotcrm.query.CrmFixture;
import com.hotcrm.query.StatementLog;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A parent the caller may not read contributes nothing to a record they may read: through dot notation (at every
 * depth), {@code related} parents (and so their children) and the dot notation of {@code related} children, it
 * is null exactly like an empty lookup. Bob (a rep) owns deals and accounts whose parents are partly Ana's.
 * <pre>
 * acc_PPA  Ana "Ana Secret" (revenue 5000)       acc_PPB  Bob "Bob Own", Parent = acc_PPA
 * acc_PPC  Bob "Bob Top"                         acc_PPD  Ana "Ana Middle", Parent = acc_PPC
 * con_PPA  Ana "AnaContact" on acc_PPB           con_PPB  Bob "BobContact" on acc_PPB
 * opp_PPA  Bob, Account acc_PPA (Ana's)          opp_PPN  Bob, no Account
 * opp_PPB  Bob, Account acc_PPB, Contact con_PPA opp_PPD  Bob, Account acc_PPD (Ana's, whose parent is Bob's)
 * </pre>
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class PrivateParentTest {

    static final String ANA = "usr_ppana";
    static final String BOB = "usr_ppbob";

    @Inject
    MetadataRepository metadata;

    @Inject
    StatementLog statements;

    @BeforeEach
    void data() {
        CrmFixture.ensure(metadata);
        var pool = CrmFixture.writer();
        CrmFixture.users(ANA, BOB);
        pool.preparedQuery("INSERT INTO crm.account (id, name, annual_revenue, industry, parent_id, owner_id) "
                + "VALUES ($1, $2, $3, 'Energy', $4, $5) ON CONFLICT DO NOTHING")
                .executeBatch(List.of(Tuple.of("acc_PPA", "Ana Secret", 5000, null, ANA),
                        Tuple.of("acc_PPB", "Bob Own", 10, "acc_PPA", BOB),
                        Tuple.of("acc_PPC", "Bob Top", 20, null, BOB),
                        Tuple.of("acc_PPD", "Ana Middle", 30, "acc_PPC", ANA)))
                .await().atMost(Duration.ofSeconds(5));
        pool.preparedQuery("INSERT INTO crm.contact (id, last_name, account_id, owner_id) VALUES ($1, $2, 'acc_PPB', $3) "
                + "ON CONFLICT DO NOTHING")
                .executeBatch(List.of(Tuple.of("con_PPA", "AnaContact", ANA), Tuple.of("con_PPB", "BobContact", BOB)))
                .await().atMost(Duration.ofSeconds(5));
        pool.preparedQuery("INSERT INTO crm.opportunity (id, name, account_id, contact_id, amount, stage, owner_id) "
                + "VALUES ($1, $1, $2, $3, 1, 'Prospecting', $4) ON CONFLICT DO NOTHING")
                .executeBatch(List.of(Tuple.of("opp_PPA", "acc_PPA", null, BOB), Tuple.of("opp_PPN", null, null, BOB),
                        Tuple.of("opp_PPB", "acc_PPB", "con_PPA", BOB), Tuple.of("opp_PPD", "acc_PPD", null, BOB)))
                .await().atMost(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/v1/opportunities").then().statusCode(200));
    }

    /** The other tests count the shared fixture exactly: these rows exist only during each test here. */
    @AfterEach
    void removeData() {
        CrmFixture.removeTagged("PP", ANA, BOB);
    }

    static String bob() {
        return TestTokens.user(BOB, "sales_rep", "Standard");
    }

    private static JsonPath query(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/v1/query")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aParentTheCallerCannotReadIsNullInDotNotationLikeAnEmptyLookup() {
        JsonPath page = given().auth().oauth2(bob()).queryParam("fields", "Name,AccountId,Account.Name,Account.AnnualRevenue")
                .queryParam("filters", "[[\"Id\",\"in\",[\"opp_PPA\",\"opp_PPN\"]]]").queryParam("sort", "Id")
                .when().get("/v1/opportunities").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("opp_PPA", "opp_PPN"), page.getList("records.Id"));
        Map<String, Object> secret = page.getMap("records[0]");
        Map<String, Object> empty = page.getMap("records[1]");
        assertTrue(secret.containsKey("Account"), "asked for, the parent is there as null: " + secret);
        assertNull(secret.get("Account"), "Ana's account is not Bob's to read: " + secret);
        assertEquals(empty.get("Account"), secret.get("Account"), "a private parent looks like no parent");
        assertEquals("acc_PPA", secret.get("AccountId"), "the lookup field is the deal's own and stays");
        assertFalse(page.prettify().contains("Ana Secret") || page.prettify().contains("5000"), page.prettify());

        // a manager with view all sees it
        given().auth().oauth2(TestTokens.user("usr_ppsm", "sales_manager", "Standard")).queryParam("fields", "Account.Name")
                .queryParam("filters", "[[\"Id\",\"=\",\"opp_PPA\"]]").when().get("/v1/opportunities")
                .then().statusCode(200).body("records[0].Account.Name", equalTo("Ana Secret"));
    }

    @Test
    void everyDepthStopsAtTheFirstParentTheCallerCannotRead() {
        JsonPath page = query(bob(), """
                {"object": "Opportunity", "fields": ["Account.Name", "Account.Parent.Name", "Account.Parent.Parent.Name"],
                 "filters": [["Id", "in", ["opp_PPB", "opp_PPD"]]], "sort": "Id"}""");
        assertEquals(List.of("opp_PPB", "opp_PPD"), page.getList("records.Id"));
        // Bob's account is there, its parent (Ana's) is not
        assertEquals("Bob Own", page.getString("records[0].Account.Name"));
        assertNull(page.get("records[0].Account.Parent"));
        // Ana's account is not there, so neither is its parent, although that one is Bob's
        assertNull(page.get("records[1].Account"));
        assertFalse(page.prettify().contains("Ana "), page.prettify());
    }

    @Test
    void relatedParentsAreNullAndTheirChildrenAbsentWhenTheCallerCannotReadThem() {
        statements.clear();
        JsonPath page = query(bob(), """
                {"object": "Opportunity", "fields": ["Name"], "filters": [["Id", "in", ["opp_PPA", "opp_PPB", "opp_PPN"]]],
                 "sort": "Id",
                 "related": {"Account": {"fields": ["Name", "AnnualRevenue", "Parent.Name"],
                                         "related": {"Contacts": {"fields": ["LastName"], "sort": "LastName"}}},
                             "Contact": {"fields": ["LastName"]}}}""");
        assertEquals(List.of("opp_PPA", "opp_PPB", "opp_PPN"), page.getList("records.Id"));
        assertNull(page.get("records[0].Account"), page.prettify());
        assertEquals((Object) page.get("records[2].Account"), page.get("records[0].Account"));
        assertEquals("Bob Own", page.getString("records[1].Account.Name"));
        assertNull(page.get("records[1].Account.Parent"), "Ana's account above Bob's is not his");
        // the readable parent's children: only Bob's own contact
        assertEquals(List.of("BobContact"), page.getList("records[1].Account.Contacts.LastName"));
        // Ana's contact on Bob's deal
        assertNull(page.get("records[1].Contact"));
        assertFalse(page.prettify().contains("Ana") || page.prettify().contains("5000"), page.prettify());
        // rows, Account, Contact, the Account's Contacts: no statement per record (the last page needs no count)
        assertEquals(4, statements.onObjectTables().size(), () -> statements.onObjectTables().toString());
    }

    @Test
    void theDotNotationOfRelatedChildrenFollowsTheSameRule() {
        JsonPath page = query(bob(), """
                {"object": "Account", "fields": ["Name"], "filters": [["Id", "=", "acc_PPB"]],
                 "related": {"Opportunities": {"fields": ["Name", "Contact.LastName", "Account.Parent.Name"], "sort": "Name"}}}""");
        assertEquals(List.of("opp_PPB"), page.getList("records[0].Opportunities.Id"));
        assertNull(page.get("records[0].Opportunities[0].Contact"));
        assertEquals("Bob Own", page.getString("records[0].Name"));
        assertNull(page.get("records[0].Opportunities[0].Account.Parent"));
    }

    @Test
    void aRoleThatMayNotReadTheParentObjectGetsNoParentEvenWhenItsRowsArePublic() {
        var pool = CrmFixture.writer();
        // Accounts readable by everyone's sharing, but read_only may not read the object at all
        pool.query("INSERT INTO crm.object_sharing (object, sharing) VALUES ('Account', 'public_read_only') "
                + "ON CONFLICT (object) DO UPDATE SET sharing = EXCLUDED.sharing; "
                + "INSERT INTO crm.object_permission (object, role, can_read, can_create, can_edit, can_delete, view_all, modify_all) "
                + "VALUES ('Account', 'read_only', false, false, false, false, false, false) ON CONFLICT (object, role) DO UPDATE "
                + "SET can_read = false; "
                + "INSERT INTO crm.object_permission (object, role, can_read, can_create, can_edit, can_delete, view_all, modify_all) "
                + "VALUES ('Opportunity', 'read_only', true, false, false, false, true, false) ON CONFLICT (object, role) DO UPDATE "
                + "SET can_read = true, view_all = true; SELECT pg_notify('hotcrm_metadata', 'Account')")
                .execute().await().atMost(Duration.ofSeconds(5));
        String reader = TestTokens.user("usr_ppreader", "read_only", "Standard");
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(reader).when().get("/v1/accounts")
                    .then().statusCode(403));
            given().auth().oauth2(reader).queryParam("fields", "Name,Account.Name").queryParam("filters", "[[\"Id\",\"=\",\"opp_PPB\"]]")
                    .when().get("/v1/opportunities").then().statusCode(200)
                    .body("records[0].Name", equalTo("opp_PPB"))
                    .body("records[0].Account", nullValue())
                    .body("records[0]", hasKey("Account"));
            // a user whose role reads accounts sees the public one
            given().auth().oauth2(bob()).queryParam("fields", "Account.Name").queryParam("filters", "[[\"Id\",\"=\",\"opp_PPA\"]]")
                    .when().get("/v1/opportunities").then().statusCode(200).body("records[0].Account.Name", equalTo("Ana Secret"));
        } finally {
            pool.query("DELETE FROM crm.object_sharing WHERE object = 'Account'; "
                    + "DELETE FROM crm.object_permission WHERE object IN ('Account', 'Opportunity') AND role = 'read_only'; "
                    + "SELECT pg_notify('hotcrm_metadata', 'Account')").execute().await().atMost(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(reader).when().get("/v1/accounts")
                    .then().statusCode(200));
        }
    }

    @Test
    void sortGroupByAndCountsSeeNoParentField() {
        // parents' fields are not sort, group or filter keys (yet): asked for, they are refused the same way whatever
        // the parent, so nothing about a private parent comes out of them
        given().auth().oauth2(bob()).queryParam("sort", "Account.Name").when().get("/v1/opportunities")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
        given().auth().oauth2(bob()).contentType(ContentType.JSON)
                .body("{\"groupBy\": \"Account.Name\", \"aggregations\": {\"n\": {\"function\": \"COUNT\"}}}")
                .when().post("/v1/opportunities/groupby").then().statusCode(400).body("error.code", equalTo("VALIDATION_ERROR"));
        // grouped by the lookup itself, a deal on a private parent counts like any other of Bob's deals
        given().auth().oauth2(bob()).contentType(ContentType.JSON)
                .body("{\"groupBy\": \"AccountId\", \"aggregations\": {\"n\": {\"function\": \"COUNT\"}},"
                        + " \"filters\": [[\"Id\", \"in\", [\"opp_PPA\", \"opp_PPN\"]]]}")
                .when().post("/v1/opportunities/groupby").then().statusCode(200)
                .body("groups.AccountId", contains("acc_PPA", null)).body("groups.n", contains(1, 1))
                .body("groups[0]", not(hasKey("Account")));
    }
}
