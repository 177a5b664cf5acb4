package com.hotcrm.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;

/**
 * Parent-field and child filters through the gateway, on records made through the API, each answer compared with
 * what the test computes from the records it made: the admin reads everything; a rep reads his own account and
 * deals, and the admin's deal on his account is not his to count.
 */
@ExtendWith(RunningSuite.class)
class RelationshipFiltersIT {

    record Account(String id, String name, String industry, boolean rep) {
    }

    record Deal(String id, String name, String accountId, boolean closed, boolean rep) {
    }

    static final String TAG = "Rel" + UUID.randomUUID().toString().substring(0, 8);
    static final List<Account> ACCOUNTS = new ArrayList<>();
    static final List<Deal> DEALS = new ArrayList<>();
    static String rep;

    static String create(String token, String path, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/v1/" + path)
                .then().statusCode(201).extract().path("Id");
    }

    static void account(String token, boolean byRep, String suffix, String industry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Name", TAG + " " + suffix);
        if (industry != null) {
            body.put("Industry", industry);
        }
        ACCOUNTS.add(new Account(create(token, "accounts", body), TAG + " " + suffix, industry, byRep));
    }

    static void deal(String token, boolean byRep, String suffix, Account account, boolean closed) {
        Map<String, Object> body = new HashMap<>(Map.of("Name", TAG + " " + suffix, "Amount", 1000,
                "Stage", closed ? "Closed Lost" : "Prospecting", "IsClosed", closed, "CloseDate", "2026-12-31"));
        if (account != null) {
            body.put("AccountId", account.id());
        }
        DEALS.add(new Deal(create(token, "opportunities", body), TAG + " " + suffix, account == null ? null : account.id(),
                closed, byRep));
    }

    @BeforeAll
    static void records() {
        String admin = RunningSuite.adminToken();
        rep = AuthorizationIT.userWithRole("sales_rep");
        account(admin, false, "Finance Co", "Finance");
        account(admin, false, "Retail Co", "Retail");
        account(admin, false, "Nowhere Co", null);
        account(rep, true, "Rep Co", "Finance");
        deal(admin, false, "A1", ACCOUNTS.get(0), false);
        deal(admin, false, "A2", ACCOUNTS.get(0), true);
        deal(admin, false, "B1", ACCOUNTS.get(1), true);
        deal(admin, false, "C1", ACCOUNTS.get(2), false);
        deal(admin, false, "N1", null, false);
        deal(rep, true, "R1", ACCOUNTS.get(3), true);
        // the admin's open deal on the rep's account: the rep may not read it
        deal(admin, false, "X1", ACCOUNTS.get(3), false);
    }

    // ---------------------------------------------------------------- the test's own answers

    static String industrySeenBy(boolean byRep, String accountId) {
        return ACCOUNTS.stream().filter(a -> a.id().equals(accountId) && (!byRep || a.rep())).findFirst()
                .map(Account::industry).orElse(null);
    }

    static List<String> deals(boolean byRep, Predicate<Deal> filter) {
        return DEALS.stream().filter(d -> !byRep || d.rep()).filter(filter).map(Deal::name).sorted().toList();
    }

    static List<String> accounts(boolean byRep, Predicate<Account> filter) {
        return ACCOUNTS.stream().filter(a -> !byRep || a.rep()).filter(filter).map(Account::name).sorted().toList();
    }

    static boolean hasOpenDeal(boolean byRep, Account account) {
        return DEALS.stream().anyMatch(d -> (!byRep || d.rep()) && account.id().equals(d.accountId()) && !d.closed());
    }

    // ---------------------------------------------------------------- through the gateway

    static List<String> names(boolean byRep, String path, String filter) {
        String token = byRep ? rep : RunningSuite.adminToken();
        return given().auth().oauth2(token).queryParam("filters", "[[\"Name\",\"like\",\"" + TAG + "%\"]," + filter + "]")
                .queryParam("fields", "Name").queryParam("sort", "Name").when().get("/v1/" + path)
                .then().statusCode(200).extract().jsonPath().getList("records.Name", String.class);
    }

    @Test
    void aParentsFieldFiltersDeals() {
        for (boolean byRep : new boolean[] { false, true }) {
            assertEquals(deals(byRep, d -> "Finance".equals(industrySeenBy(byRep, d.accountId()))),
                    names(byRep, "opportunities", "[\"Account.Industry\",\"=\",\"Finance\"]"));
            assertEquals(deals(byRep, d -> industrySeenBy(byRep, d.accountId()) == null),
                    names(byRep, "opportunities", "[\"Account.Industry\",\"is null\"]"));
        }
    }

    @Test
    void openDealsFilterAccountsAndOnlyTheDealsTheCallerReadsCount() {
        for (boolean byRep : new boolean[] { false, true }) {
            assertEquals(accounts(byRep, a -> hasOpenDeal(byRep, a)),
                    names(byRep, "accounts", "[\"Opportunities\",\"exists\",[[\"IsClosed\",\"=\",false]]]"));
            assertEquals(accounts(byRep, a -> !hasOpenDeal(byRep, a)),
                    names(byRep, "accounts", "[\"Opportunities\",\"not exists\",[[\"IsClosed\",\"=\",false]]]"));
        }
        // the admin counts his open deal on the rep's account; the rep does not
        assertEquals(List.of(TAG + " Rep Co"), names(false, "accounts",
                "[\"Opportunities\",\"exists\",[[\"Name\",\"=\",\"" + TAG + " X1\"]]]"));
        assertEquals(List.of(), names(true, "accounts",
                "[\"Opportunities\",\"exists\",[[\"Name\",\"=\",\"" + TAG + " X1\"]]]"));
    }
}
