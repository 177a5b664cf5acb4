package com.hotcrm.sdk.model;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A Lead. {@code LeadScore} is written by the AI and read-only. Its records are at {@code /leads}. Getters
 * return null for a field the answer did not include; other and custom fields are reached with {@link #get} and
 * {@link #set}.
 */
public class Lead extends CrmRecord {

    public Lead() {
    }

    public Lead(Map<String, ?> fields) {
        super(fields);
    }

    @Override
    public Lead set(String field, Object value) {
        super.set(field, value);
        return this;
    }

    public String getFirstName() {
        return getString("FirstName");
    }

    public Lead setFirstName(String value) {
        set("FirstName", value);
        return this;
    }

    public String getLastName() {
        return getString("LastName");
    }

    public Lead setLastName(String value) {
        set("LastName", value);
        return this;
    }

    public String getCompany() {
        return getString("Company");
    }

    public Lead setCompany(String value) {
        set("Company", value);
        return this;
    }

    public String getTitle() {
        return getString("Title");
    }

    public Lead setTitle(String value) {
        set("Title", value);
        return this;
    }

    public String getEmail() {
        return getString("Email");
    }

    public Lead setEmail(String value) {
        set("Email", value);
        return this;
    }

    public String getPhone() {
        return getString("Phone");
    }

    public Lead setPhone(String value) {
        set("Phone", value);
        return this;
    }

    public String getWebsite() {
        return getString("Website");
    }

    public Lead setWebsite(String value) {
        set("Website", value);
        return this;
    }

    public String getStatus() {
        return getString("Status");
    }

    public Lead setStatus(String value) {
        set("Status", value);
        return this;
    }

    public String getSource() {
        return getString("Source");
    }

    public Lead setSource(String value) {
        set("Source", value);
        return this;
    }

    public String getIndustry() {
        return getString("Industry");
    }

    public Lead setIndustry(String value) {
        set("Industry", value);
        return this;
    }

    public BigDecimal getAnnualRevenue() {
        return getDecimal("AnnualRevenue");
    }

    public Lead setAnnualRevenue(Number value) {
        set("AnnualRevenue", value);
        return this;
    }

    public Integer getNumberOfEmployees() {
        return getInteger("NumberOfEmployees");
    }

    public Lead setNumberOfEmployees(Integer value) {
        set("NumberOfEmployees", value);
        return this;
    }

    public String getRating() {
        return getString("Rating");
    }

    public Lead setRating(String value) {
        set("Rating", value);
        return this;
    }

    public String getCity() {
        return getString("City");
    }

    public Lead setCity(String value) {
        set("City", value);
        return this;
    }

    public String getCountry() {
        return getString("Country");
    }

    public Lead setCountry(String value) {
        set("Country", value);
        return this;
    }

    public Integer getLeadScore() {
        return getInteger("LeadScore");
    }

    public String getDescription() {
        return getString("Description");
    }

    public Lead setDescription(String value) {
        set("Description", value);
        return this;
    }
}
