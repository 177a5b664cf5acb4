package com.hotcrm.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.sdk.FakeApi.Response;
import com.hotcrm.sdk.model.Account;
import com.hotcrm.sdk.model.BatchResult;
import com.hotcrm.sdk.model.Opportunity;
import com.hotcrm.sdk.model.CrmRecord;

/** The records API as the SDK speaks it: paths, bodies, typed records, aggregation, /query and batches. */
class RecordsTest extends FakeApiClientTest {

    static JsonNode json(String text) {
        try {
            return FakeApi.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theSeedsListExampleSendsItsFiltersAndLimit() {
        api.on("GET", "/accounts", request -> Response.ok("""
                {"records": [{"Id": "acc_123", "Name": "Acme Corporation", "Industry": "Technology",
                  "Phone": "+1-555-0123", "AnnualRevenue": 5000000, "CreatedDate": "2026-01-15T10:30:00Z"}],
                 "totalCount": 150, "hasMore": true}"""));

        var accounts = client.accounts().list(ListOptions.builder().filter("Industry", "=", "Technology").limit(20).build());

        Map<String, String> query = api.requests().get(0).query();
        assertEquals(Map.of("filters", "[[\"Industry\",\"=\",\"Technology\"]]", "limit", "20"), query);
        Account acme = accounts.records().get(0);
        assertEquals("acc_123", acme.getId());
        assertEquals("Acme Corporation", acme.getName());
        assertEquals(new BigDecimal("5000000"), acme.getAnnualRevenue());
        assertEquals(Instant.parse("2026-01-15T10:30:00Z"), acme.getCreatedDate());
        assertEquals(150, accounts.totalCount());
    }

    @Test
    void theSeedsCreateExampleSendsTypedValuesAsTheApiWritesThem() {
        api.on("POST", "/opportunities", request -> {
            ObjectNode stored = (ObjectNode) request.json();
            stored.put("Id", "opp_789").put("CreatedDate", "2026-01-27T15:45:00.123456Z");
            return Response.json(201, stored.toString());
        });

        Opportunity opp = client.opportunities().create(new Opportunity()
                .setName("Enterprise Deal")
                .setAccountId("acc_123")
                .setAmount(150000)
                .setStage("Prospecting")
                .setCloseDate(LocalDate.of(2026, 12, 31)));

        assertEquals(json("""
                {"Name": "Enterprise Deal", "AccountId": "acc_123", "Amount": 150000, "Stage": "Prospecting",
                 "CloseDate": "2026-12-31"}"""), api.requests().get(0).json());
        assertEquals("opp_789", opp.getId());
        assertEquals(LocalDate.of(2026, 12, 31), opp.getCloseDate());
        assertEquals(0, new BigDecimal(150000).compareTo(opp.getAmount()));
        assertEquals(Instant.parse("2026-01-27T15:45:00.123456Z"), opp.getCreatedDate());
    }

    @Test
    void decimalsStayExact() {
        api.on("GET", "/opportunities/opp_1", request -> Response.ok("{\"Id\":\"opp_1\",\"Amount\":1234567.89,"
                + "\"Probability\":5000000.00}"));
        Opportunity opp = client.opportunities().get("opp_1");
        assertEquals(new BigDecimal("1234567.89"), opp.getAmount());
        assertEquals("5000000.00", opp.getProbability().toPlainString());
        assertEquals("5000000.00", opp.getProbability().toString());
    }

    @Test
    void crudUsesTheRecordPathsAndMethods() {
        api.on("GET", "/accounts/acc_1", request -> Response.ok("""
                {"Id": "acc_1", "Name": "Acme", "Parent": {"Id": "acc_0", "Name": "Acme Holding"}}"""));
        api.on("PATCH", "/accounts/acc_1", request -> Response.ok("{\"Id\":\"acc_1\",\"Phone\":\"+1-555-9999\"}"));
        api.on("PUT", "/accounts/acc_1", request -> Response.ok("{\"Id\":\"acc_1\",\"Name\":\"Acme 2\"}"));
        api.on("DELETE", "/accounts/acc_1",
                request -> Response.ok("{\"success\":true,\"message\":\"Record deleted successfully\"}"));

        Account got = client.accounts().get("acc_1", "Name", "Parent.Name");
        assertEquals("Name,Parent.Name", api.requests().get(0).query().get("fields"));
        assertEquals("Acme Holding", got.getString("Parent.Name"));
        assertEquals("acc_0", got.getRecord("Parent").getId());

        client.accounts().update("acc_1", new Account().setPhone("+1-555-9999").set("Status", null));
        assertEquals(json("{\"Phone\":\"+1-555-9999\",\"Status\":null}"), api.requests().get(1).json(),
                "only the fields given, and a null clears");
        client.accounts().replace("acc_1", Map.of("Name", "Acme 2"));
        var deleted = client.accounts().delete("acc_1");
        assertTrue(deleted.success());
        assertEquals("Record deleted successfully", deleted.message());
        assertEquals(List.of("GET", "PATCH", "PUT", "DELETE"), api.requests().stream().map(FakeApi.Request::method).toList());
    }

    @Test
    void anyObjectIsReachedByApiNameOrPath() {
        api.on("POST", "/project__c", request -> Response.json(201, "{\"Id\":\"prj_1\",\"Name\":\"Apollo\",\"Budget__c\":5}"));
        api.on("GET", "/opportunitylineitems", request -> Response.ok("{\"records\":[],\"totalCount\":0,\"hasMore\":false}"));
        CrmRecord project = client.object("Project__c").create(CrmRecord.of("Name", "Apollo", "Budget__c", 5));
        assertEquals(5, project.getInteger("Budget__c"));
        assertEquals("Project__c", client.object("Project__c").name());
        assertEquals("Account", client.object("accounts").name());
        client.object("OpportunityLineItem").list();
        assertEquals("/v1/opportunitylineitems", api.requests().get(1).path());
        assertThrows(IllegalArgumentException.class, () -> client.accounts().get(""));
    }

    @Test
    void idsAreEscapedInPaths() {
        api.on("GET", "/accounts/a%2Fb%20c", request -> Response.ok("{\"Id\":\"a/b c\"}"));
        assertEquals("a/b c", client.accounts().get("a/b c").getId(), "one path segment, never another path");
    }

    @Test
    void aggregationsReadTheirAnswers() {
        api.on("GET", "/opportunities/count", request -> Response.ok("{\"count\":342}"));
        api.on("GET", "/opportunities/sum/Amount", request -> Response.ok("{\"sum\":1250000,\"count\":15}"));
        api.on("GET", "/opportunities/avg/Amount", request -> Response.ok("{\"average\":83333.33,\"count\":15}"));
        api.on("POST", "/opportunities/groupby", request -> Response.ok("""
                {"groups": [{"Stage": "Prospecting", "count": 12, "totalAmount": 450000, "avgAmount": 37500}]}"""));
        Filters won = Filters.where("Stage", "=", "Closed Won");

        assertEquals(342, client.opportunities().count(Filters.where("Status", "=", "Active")));
        var sum = client.opportunities().sum("Amount", won);
        assertEquals(0, new BigDecimal(1250000).compareTo(sum.sum()));
        assertEquals(15, sum.count());
        assertEquals(new BigDecimal("83333.33"), client.opportunities().avg("Amount", won).average());
        var groups = client.opportunities().groupBy(GroupBy.by("Stage").count("count").sum("totalAmount", "Amount")
                .avg("avgAmount", "Amount").where("IsClosed", "=", false));

        assertEquals("[[\"Status\",\"=\",\"Active\"]]", api.requests().get(0).query().get("filters"));
        assertEquals("[[\"Stage\",\"=\",\"Closed Won\"]]", api.requests().get(1).query().get("filters"));
        assertEquals(json("""
                {"groupBy": "Stage",
                 "aggregations": {"count": {"function": "COUNT", "field": "Id"},
                                  "totalAmount": {"function": "SUM", "field": "Amount"},
                                  "avgAmount": {"function": "AVG", "field": "Amount"}},
                 "filters": [["IsClosed", "=", false]]}"""), api.requests().get(3).json());
        assertEquals("Prospecting", groups.groups().get(0).getString("Stage"));
        assertEquals(12L, groups.groups().get(0).getLong("count"));
    }

    @Test
    void theSeedsQueryIsSentAsWritten() {
        api.on("POST", "/query", request -> Response.ok("""
                {"records": [{"Id": "acc_1", "Name": "Acme", "Industry": "Technology",
                  "Opportunities": [{"Id": "opp_1", "Name": "Enterprise Deal", "Amount": 150000}],
                  "Contacts": []}], "totalCount": 1, "hasMore": false}"""));

        var page = client.query(Query.from("Account").fields("Name", "Industry").where("Industry", "=", "Technology")
                .related("Opportunities", Related.select("Name", "Amount", "Stage").where("IsClosed", "=", false).limit(10))
                .related("Contacts", Related.select("FirstName", "LastName", "Email")));

        assertEquals(json("""
                {"object": "Account", "fields": ["Name", "Industry"], "filters": [["Industry", "=", "Technology"]],
                 "related": {"Opportunities": {"fields": ["Name", "Amount", "Stage"], "filters": [["IsClosed", "=", false]],
                                               "limit": 10},
                             "Contacts": {"fields": ["FirstName", "LastName", "Email"]}}}"""), api.requests().get(0).json());
        CrmRecord acme = page.records().get(0);
        assertEquals("Enterprise Deal", acme.getRecords("Opportunities", Opportunity::new).get(0).getName());
        assertTrue(acme.getRecords("Contacts").isEmpty());

        client.query(Map.of("object", "opportunities", "sort", List.of(List.of("Amount", "desc")), "limit", 50));
        assertEquals(json("{\"object\":\"Opportunity\",\"sort\":[[\"Amount\",\"desc\"]],\"limit\":50}"),
                api.requests().get(1).json());
        client.query(Query.from("Account").filters(Filters.object(Map.of("AnnualRevenue", Map.of("$gt", 1000000))))
                .sort("-AnnualRevenue"));
        assertEquals(json("{\"object\":\"Account\",\"filters\":{\"AnnualRevenue\":{\"$gt\":1000000}},\"sort\":\"-AnnualRevenue\"}"),
                api.requests().get(2).json());
    }

    @Test
    void batchesOfMoreThan200AreSentInChunksAndJoinedInOrder() {
        List<Integer> sizes = new ArrayList<>();
        api.on("POST", "/batch/accounts", request -> {
            ArrayNode records = (ArrayNode) request.json().get("records");
            sizes.add(records.size());
            ObjectNode answer = FakeApi.JSON.createObjectNode();
            ArrayNode results = answer.putArray("results");
            for (JsonNode record : records) {
                results.addObject().put("Id", "acc_" + record.get("Name").asText()).put("success", true);
            }
            return Response.ok(answer.put("successCount", records.size()).put("errorCount", 0).toString());
        });
        List<Account> accounts = IntStream.range(0, 450).mapToObj(i -> new Account().setName("n" + i)).toList();

        BatchResult result = client.batch("Account").create(accounts);

        assertEquals(List.of(200, 200, 50), sizes);
        assertEquals(450, result.successCount());
        assertEquals(IntStream.range(0, 450).mapToObj(i -> "acc_n" + i).toList(), result.ids());
        assertThrows(IllegalArgumentException.class, () -> client.batch("Account").create(accounts, true));
    }

    @Test
    void batchResultsReportEachFailedEntry() {
        api.on("PATCH", "/batch/leads", request -> Response.ok("""
                {"results": [{"Id": "lead_001", "success": true},
                             {"success": false, "error": {"code": "VALIDATION_ERROR", "message": "Status is invalid",
                              "details": [{"field": "Status", "message": "Status is invalid"}]}}],
                 "successCount": 1, "errorCount": 1}"""));
        api.on("DELETE", "/batch/leads", request -> Response.ok("""
                {"results": [{"Id": "lead_001", "success": true}], "successCount": 1, "errorCount": 0}"""));

        Map<String, Object> bad = new HashMap<>(Map.of("Id", "lead_002", "Status", "Nope"));
        BatchResult updated = client.batch("leads").update(List.of(Map.of("Id", "lead_001", "Status", "Working"), bad), true);
        BatchResult deleted = client.batch("Lead").delete(List.of("lead_001"));

        assertEquals(json("""
                {"updates": [{"Id": "lead_001", "Status": "Working"}, {"Id": "lead_002", "Status": "Nope"}],
                 "allOrNone": true}""").get("allOrNone"), api.requests().get(0).json().get("allOrNone"));
        assertFalse(updated.allSucceeded());
        assertEquals("Status", updated.results().get(1).error().details().get(0).field());
        assertNull(updated.results().get(1).id());
        assertEquals(json("{\"ids\":[\"lead_001\"]}"), api.requests().get(1).json());
        assertTrue(deleted.allSucceeded());
    }
}
