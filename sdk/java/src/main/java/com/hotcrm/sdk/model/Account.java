package com.hotcrm.sdk.model;

import java.math.BigDecimal;
import java.util.Map;

/**
 * An Account (accounts). Its records are at {@code /accounts}. Getters return null for a field the answer did
 * not include; other and custom fields are reached with {@link #get} and {@link #set}.
 */
public class Account extends CrmRecord {

    public Account() {
    }

    public Account(Map<String, ?> fields) {
        super(fields);
    }

    @Override
    public Account set(String field, Object value) {
        super.set(field, value);
        return this;
    }

    public String getName() {
        return getString("Name");
    }

    public Account setName(String value) {
        set("Name", value);
        return this;
    }

    public String getAccountNumber() {
        return getString("AccountNumber");
    }

    public Account setAccountNumber(String value) {
        set("AccountNumber", value);
        return this;
    }

    public String getIndustry() {
        return getString("Industry");
    }

    public Account setIndustry(String value) {
        set("Industry", value);
        return this;
    }

    public String getType() {
        return getString("Type");
    }

    public Account setType(String value) {
        set("Type", value);
        return this;
    }

    public BigDecimal getAnnualRevenue() {
        return getDecimal("AnnualRevenue");
    }

    public Account setAnnualRevenue(Number value) {
        set("AnnualRevenue", value);
        return this;
    }

    public Integer getNumberOfEmployees() {
        return getInteger("NumberOfEmployees");
    }

    public Account setNumberOfEmployees(Integer value) {
        set("NumberOfEmployees", value);
        return this;
    }

    public String getPhone() {
        return getString("Phone");
    }

    public Account setPhone(String value) {
        set("Phone", value);
        return this;
    }

    public String getWebsite() {
        return getString("Website");
    }

    public Account setWebsite(String value) {
        set("Website", value);
        return this;
    }

    public String getBillingStreet() {
        return getString("BillingStreet");
    }

    public Account setBillingStreet(String value) {
        set("BillingStreet", value);
        return this;
    }

    public String getBillingCity() {
        return getString("BillingCity");
    }

    public Account setBillingCity(String value) {
        set("BillingCity", value);
        return this;
    }

    public String getBillingState() {
        return getString("BillingState");
    }

    public Account setBillingState(String value) {
        set("BillingState", value);
        return this;
    }

    public String getBillingPostalCode() {
        return getString("BillingPostalCode");
    }

    public Account setBillingPostalCode(String value) {
        set("BillingPostalCode", value);
        return this;
    }

    public String getBillingCountry() {
        return getString("BillingCountry");
    }

    public Account setBillingCountry(String value) {
        set("BillingCountry", value);
        return this;
    }

    public String getStatus() {
        return getString("Status");
    }

    public Account setStatus(String value) {
        set("Status", value);
        return this;
    }

    public String getRating() {
        return getString("Rating");
    }

    public Account setRating(String value) {
        set("Rating", value);
        return this;
    }

    public String getParentId() {
        return getString("ParentId");
    }

    public Account setParentId(String value) {
        set("ParentId", value);
        return this;
    }

    public String getDescription() {
        return getString("Description");
    }

    public Account setDescription(String value) {
        set("Description", value);
        return this;
    }
}
