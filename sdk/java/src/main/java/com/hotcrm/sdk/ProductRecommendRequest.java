package com.hotcrm.sdk;

import java.math.BigDecimal;
import java.util.List;

/** A {@code POST /ai/product-recommend}: {@code ProductRecommendRequest.forAccount(id).budget(50000)}. */
public final class ProductRecommendRequest extends RequestBody<ProductRecommendRequest> {

    private ProductRecommendRequest(String accountId) {
        set("accountId", accountId);
    }

    public static ProductRecommendRequest forAccount(String accountId) {
        return new ProductRecommendRequest(accountId);
    }

    public ProductRecommendRequest budget(Number budget) {
        // exact: a double budget of 0.1 is sent as 0.1, not 0.1000000000000000055511151231257827
        return set("budget", budget == null || budget instanceof BigDecimal ? budget
                : new BigDecimal(budget.toString()));
    }

    /** Products the account has already (besides those on its won deals). */
    public ProductRecommendRequest existingProducts(List<String> productIds) {
        return set("existingProducts", List.copyOf(productIds));
    }

    public ProductRecommendRequest existingProducts(String... productIds) {
        return existingProducts(List.of(productIds));
    }

    public ProductRecommendRequest industry(String industry) {
        return set("industry", industry);
    }
}
