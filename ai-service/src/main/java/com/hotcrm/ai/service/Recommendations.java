package com.hotcrm.ai.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.rest.AiRequests;
import com.hotcrm.ai.model.Engine;
import com.hotcrm.platform.error.CrmException;

import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/ai/product-recommend}: active products the account does not own yet (bought on its won
 * deals, or listed in existingProducts), ranked by how many similar accounts bought them (same industry,
 * revenue within a factor of 3 when known; each counts 2) plus how many accounts bought them at all;
 * packed greedily by rank into the budget; the next three are the cross-sell.
 */
@ApplicationScoped
public class Recommendations {

    private final CrmData crm;

    Recommendations(CrmData crm) {
        this.crm = crm;
    }

    public Uni<Map<String, Object>> recommend(String auth, AiRequests.ProductRecommend body) {
        String accountId = body.accountId();
        Set<String> existing = body.existingProducts() == null ? Set.of() : new HashSet<>(body.existingProducts());
        BigDecimal budget = body.budget();
        return crm.one(auth, "Account", accountId, List.of("Name", "Industry", "AnnualRevenue")).flatMap(account -> Uni.combine()
                .all().unis(
                        crm.all(auth, crm.query("Product", List.of("Name", "Price", "Family"), List.of(List.of("IsActive", "=", true)),
                                "Name"), 1000),
                        crm.all(auth, crm.query("OpportunityLineItem", List.of("ProductId", "Opportunity.AccountId",
                                "Opportunity.IsWon", "Opportunity.Account.Industry", "Opportunity.Account.AnnualRevenue"),
                                List.of(), null), 10000))
                .asTuple().map(t -> pack(account, body.industry(), existing, budget, t.getItem1(), t.getItem2())));
    }

    static Map<String, Object> pack(JsonNode account, String industryOverride, Set<String> existing, BigDecimal budget,
            List<JsonNode> products, List<JsonNode> lines) {
        String accountId = account.path("Id").asText();
        String industry = industryOverride != null ? industryOverride : account.path("Industry").asText(null);
        double revenue = account.path("AnnualRevenue").asDouble(0);
        Set<String> owned = new HashSet<>(existing);
        Map<String, Set<String>> buyers = new HashMap<>();
        Map<String, Set<String>> similarBuyers = new HashMap<>();
        for (JsonNode line : lines) {
            JsonNode opp = line.path("Opportunity");
            if (!opp.path("IsWon").asBoolean(false)) {
                continue;
            }
            String product = line.path("ProductId").asText();
            String buyer = opp.path("AccountId").asText(null);
            if (buyer == null) {
                continue;
            }
            if (buyer.equals(accountId)) {
                owned.add(product);
                continue;
            }
            buyers.computeIfAbsent(product, k -> new HashSet<>()).add(buyer);
            JsonNode other = opp.path("Account");
            boolean sameIndustry = industry != null && industry.equals(other.path("Industry").asText(null));
            double otherRevenue = other.path("AnnualRevenue").asDouble(0);
            boolean similarSize = revenue <= 0 || otherRevenue <= 0 || (otherRevenue <= revenue * 3 && otherRevenue >= revenue / 3);
            if (sameIndustry && similarSize) {
                similarBuyers.computeIfAbsent(product, k -> new HashSet<>()).add(buyer);
            }
        }
        List<JsonNode> candidates = new ArrayList<>();
        for (JsonNode p : products) {
            if (!owned.contains(p.path("Id").asText())) {
                candidates.add(p);
            }
        }
        Map<String, Integer> score = new HashMap<>();
        for (JsonNode p : candidates) {
            String id = p.path("Id").asText();
            score.put(id, 2 * similarBuyers.getOrDefault(id, Set.of()).size() + buyers.getOrDefault(id, Set.of()).size());
        }
        candidates.sort(Comparator.comparing((JsonNode p) -> -score.get(p.path("Id").asText()))
                .thenComparing(p -> p.path("Name").asText()));
        List<Map<String, Object>> bundle = new ArrayList<>();
        List<Map<String, Object>> crossSell = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode p : candidates) {
            BigDecimal price = p.hasNonNull("Price") ? p.get("Price").decimalValue() : BigDecimal.ZERO;
            String id = p.path("Id").asText();
            int similar = similarBuyers.getOrDefault(id, Set.of()).size();
            int all = buyers.getOrDefault(id, Set.of()).size();
            String reason = similar > 0 ? "Bought by " + similar + " similar " + (industry == null ? "" : industry + " ")
                    + (similar == 1 ? "account" : "accounts")
                    : all > 0 ? "Popular: bought by " + all + (all == 1 ? " account" : " accounts") : "Not yet owned";
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("productId", id);
            item.put("name", p.path("Name").asText());
            item.put("reason", reason);
            item.put("price", price);
            boolean fits = budget == null || total.add(price).compareTo(budget) <= 0;
            if (fits && score.get(id) > 0 && bundle.size() < 5) {
                bundle.add(item);
                total = total.add(price);
            } else if (crossSell.size() < 3 && score.get(id) > 0) {
                crossSell.add(item);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bundle", bundle);
        out.put("totalPrice", total);
        out.put("crossSell", crossSell);
        out.put("engine", Engine.BUILTIN);
        return out;
    }
}
