package com.hotcrm.ai.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.model.CoPurchase;
import com.hotcrm.ai.model.Engine;
import com.hotcrm.ai.outcome.ModelRegistry;
import com.hotcrm.ai.outcome.OutcomeStore;
import com.hotcrm.ai.rest.AiRequests;

import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/ai/product-recommend}: what the organisation's won deals bought together with what the account
 * owns (the co-purchase model, {@link CoPurchase}, trained in the background), then what its industry and everyone
 * buys most; packed greedily by rank into the budget; the next three are the cross-sell. One read per source: the
 * account (the caller must be able to read it), the products it bought (the outcome store), and one page of the
 * candidate products as the caller reads them (inactive or unreadable ones are left out).
 */
@ApplicationScoped
public class Recommendations {

    /** Candidates asked of the model: enough that inactive or unreadable products leave a full bundle and cross-sell. */
    static final int CANDIDATES = 40;
    /** Before a version is trained (fewer won deals than it needs): the newest won deals counted on the spot. */
    static final int UNTRAINED_BASKETS = 500;

    private final CrmData crm;
    private final ModelRegistry models;
    private final OutcomeStore outcomes;

    Recommendations(CrmData crm, ModelRegistry models, OutcomeStore outcomes) {
        this.crm = crm;
        this.models = models;
        this.outcomes = outcomes;
    }

    public Uni<Map<String, Object>> recommend(String auth, AiRequests.ProductRecommend body) {
        String accountId = body.accountId();
        return crm.one(auth, "Account", accountId, List.of("Name", "Industry", "AnnualRevenue")).flatMap(account -> Uni.combine()
                .all().unis(outcomes.accountProducts(accountId), current()).asTuple().flatMap(t -> {
                    Set<String> owned = new HashSet<>(t.getItem1());
                    if (body.existingProducts() != null) {
                        owned.addAll(body.existingProducts());
                    }
                    CoPurchase model = t.getItem2();
                    String industry = body.industry() != null ? body.industry() : account.path("Industry").asText(null);
                    List<CoPurchase.Recommendation> ranked = model.recommend(owned, industry, CANDIDATES);
                    if (ranked.isEmpty()) {
                        return Uni.createFrom().item(pack(List.of(), Map.of(), body.budget()));
                    }
                    List<String> ids = new ArrayList<>(ranked.stream().map(CoPurchase.Recommendation::product).toList());
                    ranked.stream().map(CoPurchase.Recommendation::with).filter(w -> w != null && !ids.contains(w)).forEach(ids::add);
                    return crm.page(auth, crm.query("Product", List.of("Name", "Price", "IsActive"),
                            List.of(List.of("Id", "in", ids)), null).put("limit", 200)).map(page -> {
                                Map<String, JsonNode> products = new HashMap<>();
                                page.path("records").forEach(p -> products.put(p.path("Id").asText(), p));
                                return pack(ranked, products, body.budget());
                            });
                }));
    }

    /** The trained co-purchase model, or while there is none, the few won deals there are counted now. */
    private Uni<CoPurchase> current() {
        return models.currentRecommend().flatMap(model -> model.fitted() ? Uni.createFrom().item(model)
                : outcomes.wonBaskets(UNTRAINED_BASKETS).map(CoPurchase::counted));
    }

    /** The bundle (up to five, within the budget) and the cross-sell (the next three), from the ranked candidates. */
    static Map<String, Object> pack(List<CoPurchase.Recommendation> ranked, Map<String, JsonNode> products, BigDecimal budget) {
        List<Map<String, Object>> bundle = new ArrayList<>();
        List<Map<String, Object>> crossSell = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (CoPurchase.Recommendation r : ranked) {
            JsonNode p = products.get(r.product());
            if (p == null || !p.path("IsActive").asBoolean(true)) {
                continue; // not readable by the caller, or no longer sold
            }
            BigDecimal price = p.hasNonNull("Price") ? p.get("Price").decimalValue() : BigDecimal.ZERO;
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("productId", r.product());
            item.put("name", p.path("Name").asText());
            item.put("reason", reason(r, products));
            item.put("price", price);
            boolean fits = budget == null || total.add(price).compareTo(budget) <= 0;
            if (fits && bundle.size() < 5) {
                bundle.add(item);
                total = total.add(price);
            } else if (crossSell.size() < 3) {
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

    private static String reason(CoPurchase.Recommendation r, Map<String, JsonNode> products) {
        if (r.with() != null) {
            JsonNode with = products.get(r.with());
            return "Bought with " + (with == null ? "a product you own" : with.path("Name").asText()) + " on " + r.together()
                    + " won " + (r.together() == 1 ? "deal" : "deals");
        }
        return "Popular: on " + r.deals() + " won " + (r.deals() == 1 ? "deal" : "deals");
    }
}
