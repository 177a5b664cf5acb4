package com.hotcrm.ai.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class RecommendationsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static JsonNode line(String product, String account, boolean won, String industry) throws Exception {
        return json("{\"ProductId\":\"" + product + "\",\"Opportunity\":{\"AccountId\":\"" + account + "\",\"IsWon\":" + won
                + ",\"Account\":{\"Industry\":\"" + industry + "\"}}}");
    }

    @SuppressWarnings("unchecked")
    static List<String> ids(Object items) {
        return ((List<Map<String, Object>>) items).stream().map(m -> (String) m.get("productId")).toList();
    }

    @Test
    void similarAccountsPurchasesRankFirstAndTheBundleFitsTheBudget() throws Exception {
        JsonNode account = json("{\"Id\":\"acc_me\",\"Industry\":\"Retail\"}");
        List<JsonNode> products = List.of(json("{\"Id\":\"prod_a\",\"Name\":\"A\",\"Price\":30000}"),
                json("{\"Id\":\"prod_b\",\"Name\":\"B\",\"Price\":15000}"),
                json("{\"Id\":\"prod_c\",\"Name\":\"C\",\"Price\":10000}"),
                json("{\"Id\":\"prod_d\",\"Name\":\"D\",\"Price\":1000}"),
                json("{\"Id\":\"prod_owned\",\"Name\":\"Owned\",\"Price\":10}"));
        List<JsonNode> lines = List.of(
                line("prod_a", "acc_retail1", true, "Retail"), line("prod_a", "acc_retail2", true, "Retail"),
                line("prod_b", "acc_retail1", true, "Retail"),
                line("prod_c", "acc_bank", true, "Finance"), line("prod_c", "acc_bank2", true, "Finance"),
                line("prod_d", "acc_retail3", false, "Retail"), // lost deals do not count
                line("prod_owned", "acc_me", true, "Retail"));
        Map<String, Object> out = Recommendations.pack(account, null, Set.of(), new BigDecimal(50000), products, lines);
        // A: 2 similar (4) + 2 = 6; B: 2 + 1 = 3; C: 0 + 2 = 2; D: nobody bought it
        assertEquals(List.of("prod_a", "prod_b"), ids(out.get("bundle")));
        assertEquals(new BigDecimal(45000), out.get("totalPrice"));
        assertEquals(List.of("prod_c"), ids(out.get("crossSell")), "C would pass the budget");
    }
}
