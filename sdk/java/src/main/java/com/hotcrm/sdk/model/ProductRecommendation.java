package com.hotcrm.sdk.model;

import java.math.BigDecimal;
import java.util.List;

/** {@code POST /ai/product-recommend}: a bundle within the budget, its total, and products to cross-sell. */
public record ProductRecommendation(List<Suggestion> bundle, BigDecimal totalPrice, List<Suggestion> crossSell,
        String engine) {

    /** A product suggested, and why. */
    public record Suggestion(String productId, String name, String reason, BigDecimal price) {
    }
}
