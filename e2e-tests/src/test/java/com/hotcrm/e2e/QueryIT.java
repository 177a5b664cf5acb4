package com.hotcrm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.hotcrm.sdk.Filters;
import com.hotcrm.sdk.HotCRMClient;
import com.hotcrm.sdk.ListOptions;
import com.hotcrm.sdk.Query;
import com.hotcrm.sdk.model.Account;
import com.hotcrm.sdk.model.BatchResult;
import com.hotcrm.sdk.model.CrmRecord;
import com.hotcrm.sdk.model.Page;

/**
 * Records written through records-service are read back through query-service, both behind the gateway; a client
 * of the Java SDK, whose every answer's status and headers are checked too.
 */
@ExtendWith(RunningSuite.class)
class QueryIT {

    @Test
    void recordsCreatedThroughTheApiAreListedFilteredAndAggregated() {
        SeenResponses seen = new SeenResponses();
        HotCRMClient client = RunningSuite.client(seen);
        String industry = "Energy";
        String tag = UUID.randomUUID().toString().substring(0, 8);
        BatchResult created = client.batch("accounts").create(List.of(
                new Account().setName("Solar " + tag).setIndustry(industry).setAnnualRevenue(1000000),
                new Account().setName("Wind " + tag).setIndustry(industry).setAnnualRevenue(3000000),
                new Account().setName("Coal " + tag).setIndustry("Other").setAnnualRevenue(500000)));
        assertEquals(200, seen.last().status());
        assertEquals(3, created.successCount());

        Filters filters = Filters.where("Name", "like", "%" + tag).and("Industry", "=", industry);
        Page<Account> page = client.accounts().list(ListOptions.builder().filters(filters).sort("-AnnualRevenue")
                .fields("Name").build());
        assertEquals(200, seen.last().status());
        assertEquals("query-service", seen.lastHeader("X-HotCRM-Served-By"));
        assertEquals(Set.of("Wind " + tag, "Solar " + tag), page.records().stream().map(Account::getName)
                .collect(Collectors.toSet()));
        assertEquals("Wind " + tag, page.records().get(0).getName());
        assertEquals(Set.of("Id", "Name"), page.records().get(0).toMap().keySet(), "only the fields asked for");
        assertEquals(2, page.totalCount());
        assertFalse(page.hasMore());

        assertEquals(2, client.accounts().count(filters));
        var sum = client.accounts().sum("AnnualRevenue", filters);
        assertEquals(new BigDecimal("4000000"), sum.sum());
        assertEquals(2, sum.count());
        Page<CrmRecord> queried = client.query(Query.from("Account").fields("Name")
                .filters(Filters.object(Map.of("Name", Map.of("$like", "%" + tag)))).sort("Name", "asc"));
        assertEquals(200, seen.last().status());
        assertEquals(List.of("Coal " + tag, "Solar " + tag, "Wind " + tag),
                queried.records().stream().map(r -> r.getString("Name")).toList());
    }
}
