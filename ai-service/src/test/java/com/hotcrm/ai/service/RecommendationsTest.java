package com.hotcrm.ai.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.ai.model.CoPurchase;

class RecommendationsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static CoPurchase.Basket basket(int day, String... products) {
        return new CoPurchase.Basket(List.of(products), "Retail", LocalDate.of(2025, 1, 1).plusDays(day));
    }

    @SuppressWarnings("unchecked")
    static List<String> ids(Object items) {
        return ((List<Map<String, Object>>) items).stream().map(m -> (String) m.get("productId")).toList();
    }

    static Map<String, JsonNode> catalogue(Object[][] products) {
        Map<String, JsonNode> out = new HashMap<>();
        for (Object[] p : products) {
            out.put((String) p[0], JSON.createObjectNode().put("Id", (String) p[0]).put("Name", (String) p[1])
                    .put("Price", (Integer) p[2]).put("IsActive", (Boolean) p[3]));
        }
        return out;
    }

    @Test
    void whatWonDealsBoughtTogetherComesBeforeWhatIsMerelyPopularAndTheBundleFitsTheBudget() {
        // the CRM suite sells with its services; training sells alone, on more deals than anything
        List<CoPurchase.Basket> baskets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            baskets.add(basket(i, "prod_suite", "prod_services"));
        }
        for (int i = 0; i < 10; i++) {
            baskets.add(basket(10 + i, "prod_training"));
        }
        baskets.add(basket(30, "prod_suite", "prod_addon"));
        CoPurchase model = CoPurchase.counted(baskets);
        List<CoPurchase.Recommendation> ranked = model.recommend(Set.of("prod_suite"), "Retail", 10);
        assertEquals("prod_services", ranked.get(0).product(), "bought with the suite on 6 of its 7 deals");
        assertEquals("prod_suite", ranked.get(0).with());
        assertEquals(6, ranked.get(0).together());
        assertTrue(ranked.stream().anyMatch(r -> r.product().equals("prod_training") && r.with() == null), "popular fills in");

        Map<String, JsonNode> products = catalogue(new Object[][] { { "prod_suite", "Suite", 30000, true },
                { "prod_services", "Services", 15000, true }, { "prod_addon", "Add-on", 40000, true },
                { "prod_training", "Training", 3000, false } });
        Map<String, Object> out = Recommendations.pack(ranked, products, new BigDecimal(20000));
        assertEquals(List.of("prod_services"), ids(out.get("bundle")), "the add-on would pass the budget; training is retired");
        assertEquals(List.of("prod_addon"), ids(out.get("crossSell")));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) out.get("bundle")).get(0);
        assertEquals("Bought with Suite on 6 won deals", first.get("reason"));
        assertEquals(new BigDecimal(15000), out.get("totalPrice"));
    }

    /** Deals that buy within families of products (a family's items go together), plus noise. */
    static List<CoPurchase.Basket> families(int n, long seed, int offset) {
        Random random = new Random(seed);
        List<CoPurchase.Basket> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int family = random.nextInt(8);
            List<String> products = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                if (random.nextDouble() < 0.6) {
                    products.add("prod_f" + family + "_" + k);
                }
            }
            if (random.nextDouble() < 0.5) {
                products.add("prod_common" + random.nextInt(3)); // the popular ones, bought by everyone
            }
            if (!products.isEmpty()) {
                out.add(new CoPurchase.Basket(products, null, LocalDate.of(2025, 1, 1).plusDays(offset + i)));
            }
        }
        return out;
    }

    @Test
    void onLaterDealsTheHiddenProductIsFoundFarMoreOftenThanByPopularity() {
        CoPurchase.Trained trained = CoPurchase.fit(families(2000, 3, 0));
        double hits = (Double) trained.metrics().get("hitRateAt5");
        double popular = (Double) trained.baseline().get("hitRateAt5");
        assertTrue(hits > popular + 0.2, "co-purchase " + hits + " against popularity " + popular);
    }
}
