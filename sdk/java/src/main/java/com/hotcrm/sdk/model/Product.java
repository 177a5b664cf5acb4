package com.hotcrm.sdk.model;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A Product of the catalogue. Its records are at {@code /products}. Getters return null for a field the answer
 * did not include; other and custom fields are reached with {@link #get} and {@link #set}.
 */
public class Product extends CrmRecord {

    public Product() {
    }

    public Product(Map<String, ?> fields) {
        super(fields);
    }

    @Override
    public Product set(String field, Object value) {
        super.set(field, value);
        return this;
    }

    public String getName() {
        return getString("Name");
    }

    public Product setName(String value) {
        set("Name", value);
        return this;
    }

    public String getProductCode() {
        return getString("ProductCode");
    }

    public Product setProductCode(String value) {
        set("ProductCode", value);
        return this;
    }

    public String getFamily() {
        return getString("Family");
    }

    public Product setFamily(String value) {
        set("Family", value);
        return this;
    }

    public BigDecimal getPrice() {
        return getDecimal("Price");
    }

    public Product setPrice(Number value) {
        set("Price", value);
        return this;
    }

    public Boolean getIsActive() {
        return getBoolean("IsActive");
    }

    public Product setIsActive(Boolean value) {
        set("IsActive", value);
        return this;
    }

    public String getDescription() {
        return getString("Description");
    }

    public Product setDescription(String value) {
        set("Description", value);
        return this;
    }
}
