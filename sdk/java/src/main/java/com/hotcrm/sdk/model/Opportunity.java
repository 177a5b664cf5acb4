package com.hotcrm.sdk.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * An Opportunity. The {@code AI*} fields are written by the AI and read-only. Its records are at {@code
 * /opportunities}. Getters return null for a field the answer did not include; other and custom fields are
 * reached with {@link #get} and {@link #set}.
 */
public class Opportunity extends CrmRecord {

    public Opportunity() {
    }

    public Opportunity(Map<String, ?> fields) {
        super(fields);
    }

    @Override
    public Opportunity set(String field, Object value) {
        super.set(field, value);
        return this;
    }

    public String getName() {
        return getString("Name");
    }

    public Opportunity setName(String value) {
        set("Name", value);
        return this;
    }

    public String getAccountId() {
        return getString("AccountId");
    }

    public Opportunity setAccountId(String value) {
        set("AccountId", value);
        return this;
    }

    public String getContactId() {
        return getString("ContactId");
    }

    public Opportunity setContactId(String value) {
        set("ContactId", value);
        return this;
    }

    public BigDecimal getAmount() {
        return getDecimal("Amount");
    }

    public Opportunity setAmount(Number value) {
        set("Amount", value);
        return this;
    }

    public String getStage() {
        return getString("Stage");
    }

    public Opportunity setStage(String value) {
        set("Stage", value);
        return this;
    }

    public BigDecimal getProbability() {
        return getDecimal("Probability");
    }

    public Opportunity setProbability(Number value) {
        set("Probability", value);
        return this;
    }

    public LocalDate getCloseDate() {
        return getDate("CloseDate");
    }

    public Opportunity setCloseDate(LocalDate value) {
        set("CloseDate", value);
        return this;
    }

    public Boolean getIsClosed() {
        return getBoolean("IsClosed");
    }

    public Opportunity setIsClosed(Boolean value) {
        set("IsClosed", value);
        return this;
    }

    public Boolean getIsWon() {
        return getBoolean("IsWon");
    }

    public Opportunity setIsWon(Boolean value) {
        set("IsWon", value);
        return this;
    }

    public String getType() {
        return getString("Type");
    }

    public Opportunity setType(String value) {
        set("Type", value);
        return this;
    }

    public String getLeadSource() {
        return getString("LeadSource");
    }

    public Opportunity setLeadSource(String value) {
        set("LeadSource", value);
        return this;
    }

    public String getNextStep() {
        return getString("NextStep");
    }

    public Opportunity setNextStep(String value) {
        set("NextStep", value);
        return this;
    }

    public String getCompetitor() {
        return getString("Competitor");
    }

    public Opportunity setCompetitor(String value) {
        set("Competitor", value);
        return this;
    }

    public String getDescription() {
        return getString("Description");
    }

    public Opportunity setDescription(String value) {
        set("Description", value);
        return this;
    }

    public BigDecimal getAIWinProbability() {
        return getDecimal("AIWinProbability");
    }

    public String getAIRiskFactors() {
        return getString("AIRiskFactors");
    }

    public String getAINextStepSuggestion() {
        return getString("AINextStepSuggestion");
    }

    public String getAICompetitiveIntel() {
        return getString("AICompetitiveIntel");
    }
}
