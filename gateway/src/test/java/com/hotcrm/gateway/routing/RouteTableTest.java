package com.hotcrm.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.hotcrm.gateway.routing.RouteTable.MethodNotAllowed;
import com.hotcrm.gateway.routing.RouteTable.NotFound;
import com.hotcrm.gateway.routing.RouteTable.Routed;

class RouteTableTest {

    private final RouteTable table = RouteTable.standard();

    @ParameterizedTest(name = "{0} /v1/{1} -> {2}")
    @CsvSource({
            "POST, auth/token, AUTH",
            "POST, auth/refresh, AUTH",
            "GET, auth/api-tokens, AUTH",
            "GET, users, AUTH",
            "PATCH, users/usr_1, AUTH",
            "GET, metadata/objects, RECORDS",
            "GET, metadata/objects/Account, RECORDS",
            "POST, batch/contacts, RECORDS",
            "POST, composite, RECORDS",
            "GET, changes, RECORDS",
            "PATCH, batch/leads, RECORDS",
            "DELETE, batch/leads, RECORDS",
            "POST, query, QUERY",
            "GET, accounts, QUERY",
            "GET, accounts/, QUERY",
            "GET, accounts/count, QUERY",
            "GET, opportunities/sum/Amount, QUERY",
            "GET, opportunities/avg/Amount, QUERY",
            "POST, opportunities/groupby, QUERY",
            "POST, ai/lead-score/lead_123, AI",
            "POST, ai/knowledge/ask, AI",
            "GET, webhooks, WEBHOOK",
            "POST, webhooks, WEBHOOK",
            "DELETE, webhooks/wh_1, WEBHOOK",
            "GET, webhooks/wh_1/deliveries, WEBHOOK",
            "GET, admin/dead-letters/records, RECORDS",
            "POST, admin/dead-letters/records/12/replay, RECORDS",
            "GET, admin/dead-letters/ai, AI",
            "POST, admin/dead-letters/ai/3/replay, AI",
            "GET, admin/dead-letters/webhook, WEBHOOK",
            "POST, accounts, RECORDS",
            "GET, accounts/acc_123, RECORDS",
            "PATCH, accounts/acc_123, RECORDS",
            "PUT, accounts/acc_123, RECORDS",
            "DELETE, accounts/acc_123, RECORDS",
            "GET, project__c/prj_01J9, RECORDS",
    })
    void routesEachPathOfTheDesignToItsService(String method, String path, Upstream expected) {
        assertEquals(new Routed(expected), table.resolve(method, path));
    }

    @ParameterizedTest(name = "{0} /v1/{1} is 405")
    @CsvSource({
            "DELETE, accounts, GET|POST",
            "POST, accounts/acc_1, GET|PATCH|PUT|DELETE",
            "GET, opportunities/groupby, POST",
            "POST, accounts/count, GET",
            "DELETE, opportunities/sum/Amount, GET",
            "POST, changes, GET",
    })
    void wrongMethodOnAKnownPathIsMethodNotAllowed(String method, String path, String allowed) {
        assertEquals(new MethodNotAllowed(Set.of(allowed.split("\\|"))), table.resolve(method, path));
    }

    @ParameterizedTest(name = "{0} /v1/{1} is 404")
    @CsvSource({
            "GET, ''",
            "GET, accounts/acc_1/extra",
            "GET, accounts/sum",
            "GET, 'bad name!/acc_1'",
            "GET, batch",
            "GET, query/more",
            "GET, admin",
            "POST, admin",
            "GET, admin/acc_1",
            "GET, admin/dead-letters",
            "GET, admin/dead-letters/query",
            // reserved for the API's own routes (ReservedNames), never an object's list
            "GET, changes/acc_1",
            "GET, composite/acc_1",
    })
    void pathsNoRuleKnowsAreNotFound(String method, String path) {
        assertEquals(new NotFound(), table.resolve(method, path));
    }

    @ParameterizedTest(name = "{0}: name {1}, id {2}")
    @CsvSource({
            "accounts, true, true",
            "Custom_Object__c, true, true",
            "a, true, true",
            "acc_01HX.2:3-4, false, true",
            "1accounts, false, true",
            "_x, false, false",
            "'', false, false",
            "'bad name', false, false",
            "acc;drop, false, false",
            "acc%00, false, false",
            "accé, false, false",
            "-acc, false, false",
    })
    void segmentsAreNamesAndIdsOfTheirCharactersOnly(String segment, boolean name, boolean id) {
        assertEquals(name, RouteTable.isName(segment), "name");
        assertEquals(id, RouteTable.isId(segment), "id");
    }

    @org.junit.jupiter.api.Test
    void namesAndIdsHaveTheirLengthLimits() {
        assertTrue(RouteTable.isName("a".repeat(80)));
        assertFalse(RouteTable.isName("a".repeat(81)));
        assertTrue(RouteTable.isId("a".repeat(128)));
        assertFalse(RouteTable.isId("a".repeat(129)));
    }
}
