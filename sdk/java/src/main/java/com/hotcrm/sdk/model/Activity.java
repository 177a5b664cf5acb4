package com.hotcrm.sdk.model;

import java.time.LocalDate;
import java.util.Map;

/**
 * An Activity: a task, call, meeting or email, linked to a record ({@code WhatId}) and a person ({@code WhoId}).
 * Its records are at {@code /activities}. Getters return null for a field the answer did not include; other and
 * custom fields are reached with {@link #get} and {@link #set}.
 */
public class Activity extends CrmRecord {

    public Activity() {
    }

    public Activity(Map<String, ?> fields) {
        super(fields);
    }

    @Override
    public Activity set(String field, Object value) {
        super.set(field, value);
        return this;
    }

    public String getSubject() {
        return getString("Subject");
    }

    public Activity setSubject(String value) {
        set("Subject", value);
        return this;
    }

    public String getType() {
        return getString("Type");
    }

    public Activity setType(String value) {
        set("Type", value);
        return this;
    }

    public String getStatus() {
        return getString("Status");
    }

    public Activity setStatus(String value) {
        set("Status", value);
        return this;
    }

    public String getPriority() {
        return getString("Priority");
    }

    public Activity setPriority(String value) {
        set("Priority", value);
        return this;
    }

    public LocalDate getActivityDate() {
        return getDate("ActivityDate");
    }

    public Activity setActivityDate(LocalDate value) {
        set("ActivityDate", value);
        return this;
    }

    public Integer getDurationMinutes() {
        return getInteger("DurationMinutes");
    }

    public Activity setDurationMinutes(Integer value) {
        set("DurationMinutes", value);
        return this;
    }

    public String getWhatId() {
        return getString("WhatId");
    }

    public Activity setWhatId(String value) {
        set("WhatId", value);
        return this;
    }

    public String getWhoId() {
        return getString("WhoId");
    }

    public Activity setWhoId(String value) {
        set("WhoId", value);
        return this;
    }

    public String getSentiment() {
        return getString("Sentiment");
    }

    public Activity setSentiment(String value) {
        set("Sentiment", value);
        return this;
    }

    public String getDescription() {
        return getString("Description");
    }

    public Activity setDescription(String value) {
        set("Description", value);
        return this;
    }
}
