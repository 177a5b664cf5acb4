package com.hotcrm.sdk.model;

import java.time.Instant;
import java.util.Map;

/**
 * A support Case. Its records are at {@code /cases}. Getters return null for a field the answer did not include;
 * other and custom fields are reached with {@link #get} and {@link #set}.
 */
public class Case extends CrmRecord {

    public Case() {
    }

    public Case(Map<String, ?> fields) {
        super(fields);
    }

    @Override
    public Case set(String field, Object value) {
        super.set(field, value);
        return this;
    }

    public String getSubject() {
        return getString("Subject");
    }

    public Case setSubject(String value) {
        set("Subject", value);
        return this;
    }

    public String getDescription() {
        return getString("Description");
    }

    public Case setDescription(String value) {
        set("Description", value);
        return this;
    }

    public String getType() {
        return getString("Type");
    }

    public Case setType(String value) {
        set("Type", value);
        return this;
    }

    public String getPriority() {
        return getString("Priority");
    }

    public Case setPriority(String value) {
        set("Priority", value);
        return this;
    }

    public String getStatus() {
        return getString("Status");
    }

    public Case setStatus(String value) {
        set("Status", value);
        return this;
    }

    public String getOrigin() {
        return getString("Origin");
    }

    public Case setOrigin(String value) {
        set("Origin", value);
        return this;
    }

    public String getAccountId() {
        return getString("AccountId");
    }

    public Case setAccountId(String value) {
        set("AccountId", value);
        return this;
    }

    public String getContactId() {
        return getString("ContactId");
    }

    public Case setContactId(String value) {
        set("ContactId", value);
        return this;
    }

    public String getAssignedToId() {
        return getString("AssignedToId");
    }

    public Case setAssignedToId(String value) {
        set("AssignedToId", value);
        return this;
    }

    public String getLanguage() {
        return getString("Language");
    }

    public Case setLanguage(String value) {
        set("Language", value);
        return this;
    }

    public Instant getClosedDate() {
        return getInstant("ClosedDate");
    }

    public Case setClosedDate(Instant value) {
        set("ClosedDate", value);
        return this;
    }

    public Integer getSatisfactionScore() {
        return getInteger("SatisfactionScore");
    }

    public Case setSatisfactionScore(Integer value) {
        set("SatisfactionScore", value);
        return this;
    }

    public Boolean getIsEscalated() {
        return getBoolean("IsEscalated");
    }

    public Case setIsEscalated(Boolean value) {
        set("IsEscalated", value);
        return this;
    }
}
