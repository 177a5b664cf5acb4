package com.hotcrm.sdk.model;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A product on an opportunity (an Opportunity Product). Its records are at {@code /opportunitylineitems}.
 * Getters return null for a field the answer did not include; other and custom fields are reached with {@link
 * #get} and {@link #set}.
 */
public class OpportunityLineItem extends CrmRecord {

    public OpportunityLineItem() {
    }

    public OpportunityLineItem(Map<String, ?> fields) {
        super(fields);
    }

    @Override
    public OpportunityLineItem set(String field, Object value) {
        super.set(field, value);
        return this;
    }

    public String getOpportunityId() {
        return getString("OpportunityId");
    }

    public OpportunityLineItem setOpportunityId(String value) {
        set("OpportunityId", value);
        return this;
    }

    public String getProductId() {
        return getString("ProductId");
    }

    public OpportunityLineItem setProductId(String value) {
        set("ProductId", value);
        return this;
    }

    public BigDecimal getQuantity() {
        return getDecimal("Quantity");
    }

    public OpportunityLineItem setQuantity(Number value) {
        set("Quantity", value);
        return this;
    }

    public BigDecimal getUnitPrice() {
        return getDecimal("UnitPrice");
    }

    public OpportunityLineItem setUnitPrice(Number value) {
        set("UnitPrice", value);
        return this;
    }

    public BigDecimal getTotalPrice() {
        return getDecimal("TotalPrice");
    }

    public OpportunityLineItem setTotalPrice(Number value) {
        set("TotalPrice", value);
        return this;
    }

    public String getDescription() {
        return getString("Description");
    }

    public OpportunityLineItem setDescription(String value) {
        set("Description", value);
        return this;
    }
}
