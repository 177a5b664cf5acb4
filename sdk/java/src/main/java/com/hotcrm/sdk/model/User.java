package com.hotcrm.sdk.model;

import java.util.Map;

/**
 * A user as the CRM's read-only {@code User} object shows it (from {@code /users}, or as a lookup's target).
 * Getters return null for a field the answer did not include; other and custom fields are reached with {@link
 * #get} and {@link #set}.
 */
public class User extends CrmRecord {

    public User() {
    }

    public User(Map<String, ?> fields) {
        super(fields);
    }

    @Override
    public User set(String field, Object value) {
        super.set(field, value);
        return this;
    }

    public String getName() {
        return getString("Name");
    }

    public String getEmail() {
        return getString("Email");
    }

    public String getTitle() {
        return getString("Title");
    }

    public String getDepartment() {
        return getString("Department");
    }

    public String getRole() {
        return getString("Role");
    }

    public String getManagerId() {
        return getString("ManagerId");
    }

    public String getRateLimitTier() {
        return getString("RateLimitTier");
    }

    public Boolean getIsActive() {
        return getBoolean("IsActive");
    }

    public String getLanguage() {
        return getString("Language");
    }
}
