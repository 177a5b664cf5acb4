package com.hotcrm.sdk.model;

import java.time.LocalDate;
import java.util.Map;

/**
 * A Contact. Its records are at {@code /contacts}. Getters return null for a field the answer did not include;
 * other and custom fields are reached with {@link #get} and {@link #set}.
 */
public class Contact extends CrmRecord {

    public Contact() {
    }

    public Contact(Map<String, ?> fields) {
        super(fields);
    }

    @Override
    public Contact set(String field, Object value) {
        super.set(field, value);
        return this;
    }

    public String getFirstName() {
        return getString("FirstName");
    }

    public Contact setFirstName(String value) {
        set("FirstName", value);
        return this;
    }

    public String getLastName() {
        return getString("LastName");
    }

    public Contact setLastName(String value) {
        set("LastName", value);
        return this;
    }

    public String getEmail() {
        return getString("Email");
    }

    public Contact setEmail(String value) {
        set("Email", value);
        return this;
    }

    public String getPhone() {
        return getString("Phone");
    }

    public Contact setPhone(String value) {
        set("Phone", value);
        return this;
    }

    public String getMobilePhone() {
        return getString("MobilePhone");
    }

    public Contact setMobilePhone(String value) {
        set("MobilePhone", value);
        return this;
    }

    public String getTitle() {
        return getString("Title");
    }

    public Contact setTitle(String value) {
        set("Title", value);
        return this;
    }

    public String getDepartment() {
        return getString("Department");
    }

    public Contact setDepartment(String value) {
        set("Department", value);
        return this;
    }

    public String getAccountId() {
        return getString("AccountId");
    }

    public Contact setAccountId(String value) {
        set("AccountId", value);
        return this;
    }

    public String getLeadSource() {
        return getString("LeadSource");
    }

    public Contact setLeadSource(String value) {
        set("LeadSource", value);
        return this;
    }

    public String getMailingCity() {
        return getString("MailingCity");
    }

    public Contact setMailingCity(String value) {
        set("MailingCity", value);
        return this;
    }

    public String getMailingCountry() {
        return getString("MailingCountry");
    }

    public Contact setMailingCountry(String value) {
        set("MailingCountry", value);
        return this;
    }

    public LocalDate getBirthdate() {
        return getDate("Birthdate");
    }

    public Contact setBirthdate(LocalDate value) {
        set("Birthdate", value);
        return this;
    }

    public String getDescription() {
        return getString("Description");
    }

    public Contact setDescription(String value) {
        set("Description", value);
        return this;
    }
}
