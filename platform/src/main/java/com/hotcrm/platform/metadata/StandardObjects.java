package com.hotcrm.platform.metadata;

import static com.hotcrm.platform.metadata.FieldType.BOOLEAN;
import static com.hotcrm.platform.metadata.FieldType.CURRENCY;
import static com.hotcrm.platform.metadata.FieldType.DATE;
import static com.hotcrm.platform.metadata.FieldType.DATETIME;
import static com.hotcrm.platform.metadata.FieldType.EMAIL;
import static com.hotcrm.platform.metadata.FieldType.LOOKUP;
import static com.hotcrm.platform.metadata.FieldType.NUMBER;
import static com.hotcrm.platform.metadata.FieldType.PERCENT;
import static com.hotcrm.platform.metadata.FieldType.PHONE;
import static com.hotcrm.platform.metadata.FieldType.PICKLIST;
import static com.hotcrm.platform.metadata.FieldType.TEXT;
import static com.hotcrm.platform.metadata.FieldType.TEXTAREA;
import static com.hotcrm.platform.metadata.FieldType.URL;

import java.util.List;

/**
 * The standard objects every HotCRM organisation starts with. Their definitions are written to the
 * database at start-up (changes here are applied as new columns and indexes); custom objects and fields
 * are added through the metadata API.
 */
public final class StandardObjects {

    public static final List<String> INDUSTRIES = List.of("Technology", "Finance", "Healthcare", "Manufacturing",
            "Retail", "Education", "Energy", "Media", "Telecommunications", "Transportation", "Hospitality",
            "Government", "Nonprofit", "Other");
    public static final List<String> OPPORTUNITY_STAGES = List.of("Prospecting", "Qualification", "Needs Analysis",
            "Proposal", "Negotiation", "Closed Won", "Closed Lost");
    public static final List<String> LEAD_SOURCES = List.of("Web", "Referral", "Partner", "Event", "Cold Call",
            "Advertisement", "Social", "Other");

    private StandardObjects() {
    }

    public static List<ObjectDef> all() {
        return List.of(user(), account(), contact(), lead(), opportunity(), product(), opportunityLineItem(),
                caseObject(), activity(), knowledgeArticle());
    }

    private static FieldBuilder f(String name, FieldType type) {
        return FieldDef.builder(name, type);
    }

    private static String[] industries() {
        return INDUSTRIES.toArray(String[]::new);
    }

    static ObjectDef user() {
        return ObjectDef.of("User", "User", "Users", null, "usr", false, true, List.of(
                f("Name", TEXT).required().indexed().build(),
                f("Email", EMAIL).required().unique().build(),
                f("Title", TEXT).build(),
                f("Department", TEXT).build(),
                f("Role", PICKLIST).values("admin", "sales_manager", "sales_rep", "support_agent", "read_only").build(),
                f("ManagerId", LOOKUP).label("Manager").references("User", "Manager", "DirectReports", OnDelete.SET_NULL).build(),
                f("IsActive", BOOLEAN).label("Active").defaultValue(true).build(),
                f("Language", TEXT).length(10).build(),
                f("Skills", FieldType.MULTIPICKLIST).values("Problem", "Question", "Incident", "Feature Request",
                        "Billing", "Integration", "Security").build()), List.of());
    }

    static ObjectDef account() {
        return ObjectDef.of("Account", "Account", "Accounts", "accounts", "acc", false, false, List.of(
                f("Name", TEXT).label("Account Name").required().indexed().build(),
                f("AccountNumber", TEXT).length(40).build(),
                f("Industry", PICKLIST).values(industries()).indexed().build(),
                f("Type", PICKLIST).values("Prospect", "Customer", "Partner", "Competitor", "Other").build(),
                f("AnnualRevenue", CURRENCY).range(0, null).indexed().build(),
                f("NumberOfEmployees", NUMBER).label("Employees").scale(0).range(0, null).build(),
                f("Phone", PHONE).build(),
                f("Website", URL).build(),
                f("BillingStreet", TEXT).build(),
                f("BillingCity", TEXT).length(80).build(),
                f("BillingState", TEXT).length(80).build(),
                f("BillingPostalCode", TEXT).length(20).build(),
                f("BillingCountry", TEXT).length(80).build(),
                f("Status", PICKLIST).values("Prospect", "Active", "Active Customer", "Inactive", "Churned").indexed().build(),
                f("Rating", PICKLIST).values("Hot", "Warm", "Cold").build(),
                f("ParentId", LOOKUP).label("Parent Account")
                        .references("Account", "Parent", "ChildAccounts", OnDelete.SET_NULL).build(),
                f("Description", TEXTAREA).length(32000).build()), List.of());
    }

    static ObjectDef contact() {
        return ObjectDef.of("Contact", "Contact", "Contacts", "contacts", "con", false, false, List.of(
                f("FirstName", TEXT).length(80).build(),
                f("LastName", TEXT).length(80).required().indexed().build(),
                f("Email", EMAIL).indexed().build(),
                f("Phone", PHONE).build(),
                f("MobilePhone", PHONE).build(),
                f("Title", TEXT).length(128).build(),
                f("Department", TEXT).length(80).build(),
                f("AccountId", LOOKUP).label("Account").references("Account", "Account", "Contacts", OnDelete.SET_NULL).build(),
                f("LeadSource", PICKLIST).values(LEAD_SOURCES.toArray(String[]::new)).build(),
                f("MailingCity", TEXT).length(80).build(),
                f("MailingCountry", TEXT).length(80).build(),
                f("Birthdate", DATE).build(),
                f("Description", TEXTAREA).length(32000).build()), List.of());
    }

    static ObjectDef lead() {
        return ObjectDef.of("Lead", "Lead", "Leads", "leads", "lead", false, false, List.of(
                f("FirstName", TEXT).length(80).build(),
                f("LastName", TEXT).length(80).required().build(),
                f("Company", TEXT).required().indexed().build(),
                f("Title", TEXT).length(128).build(),
                f("Email", EMAIL).indexed().build(),
                f("Phone", PHONE).build(),
                f("Website", URL).build(),
                f("Status", PICKLIST).required().values("New", "Working", "Nurturing", "Qualified", "Unqualified", "Converted")
                        .defaultValue("New").indexed().build(),
                f("Source", PICKLIST).label("Lead Source").values(LEAD_SOURCES.toArray(String[]::new)).build(),
                f("Industry", PICKLIST).values(industries()).build(),
                f("AnnualRevenue", CURRENCY).range(0, null).build(),
                f("NumberOfEmployees", NUMBER).label("Employees").scale(0).range(0, null).build(),
                f("Rating", PICKLIST).values("Hot", "Warm", "Cold").build(),
                f("City", TEXT).length(80).build(),
                f("Country", TEXT).length(80).build(),
                f("LeadScore", NUMBER).label("AI Lead Score").scale(0).range(0, 100).readOnly().build(),
                f("Description", TEXTAREA).length(32000).build()), List.of());
    }

    static ObjectDef opportunity() {
        return ObjectDef.of("Opportunity", "Opportunity", "Opportunities", "opportunities", "opp", false, false, List.of(
                f("Name", TEXT).label("Opportunity Name").required().indexed().build(),
                f("AccountId", LOOKUP).label("Account")
                        .references("Account", "Account", "Opportunities", OnDelete.RESTRICT).build(),
                f("ContactId", LOOKUP).label("Primary Contact")
                        .references("Contact", "Contact", "Opportunities", OnDelete.SET_NULL).build(),
                f("Amount", CURRENCY).range(0, null).indexed().build(),
                f("Stage", PICKLIST).required().values(OPPORTUNITY_STAGES.toArray(String[]::new))
                        .defaultValue("Prospecting").indexed().build(),
                f("Probability", PERCENT).label("Probability (%)").range(0, 100).build(),
                f("CloseDate", DATE).indexed().build(),
                f("IsClosed", BOOLEAN).label("Closed").defaultValue(false).build(),
                f("IsWon", BOOLEAN).label("Won").defaultValue(false).build(),
                f("Type", PICKLIST).values("New Business", "Existing Business", "Renewal", "Upgrade").build(),
                f("LeadSource", PICKLIST).values(LEAD_SOURCES.toArray(String[]::new)).build(),
                f("NextStep", TEXT).build(),
                f("Competitor", TEXT).length(120).build(),
                f("Description", TEXTAREA).length(32000).build(),
                f("AIWinProbability", PERCENT).label("AI Win Probability").range(0, 100).readOnly().build(),
                f("AIRiskFactors", TEXTAREA).label("AI Risk Factors").readOnly().build(),
                f("AINextStepSuggestion", TEXTAREA).label("AI Next Step Suggestion").readOnly().build(),
                f("AICompetitiveIntel", TEXTAREA).label("AI Competitive Intel").readOnly().build()),
                List.of(new ValidationRule("CloseDateRequiredWhenClosed",
                        "CloseDate is required when Stage is Closed Won or Closed Lost",
                        List.of(List.of("Stage", "in", List.of("Closed Won", "Closed Lost"))), List.of("CloseDate"))));
    }

    static ObjectDef product() {
        return ObjectDef.of("Product", "Product", "Products", "products", "prod", false, false, List.of(
                f("Name", TEXT).label("Product Name").required().indexed().build(),
                f("ProductCode", TEXT).length(40).unique().build(),
                f("Family", PICKLIST).label("Product Family").values("Software", "Hardware", "Services", "Training", "Support")
                        .build(),
                f("Price", CURRENCY).range(0, null).build(),
                f("IsActive", BOOLEAN).label("Active").defaultValue(true).build(),
                f("Description", TEXTAREA).length(32000).build()), List.of());
    }

    static ObjectDef opportunityLineItem() {
        return ObjectDef.of("OpportunityLineItem", "Opportunity Product", "Opportunity Products", "opportunitylineitems",
                "oli", false, false, List.of(
                        f("OpportunityId", LOOKUP).label("Opportunity").required()
                                .references("Opportunity", "Opportunity", "LineItems", OnDelete.CASCADE).build(),
                        f("ProductId", LOOKUP).label("Product").required()
                                .references("Product", "Product", "LineItems", OnDelete.RESTRICT).build(),
                        f("Quantity", NUMBER).required().scale(2).range(0, null).build(),
                        f("UnitPrice", CURRENCY).range(0, null).build(),
                        f("TotalPrice", CURRENCY).range(0, null).build(),
                        f("Description", TEXT).build()), List.of());
    }

    static ObjectDef caseObject() {
        return ObjectDef.of("Case", "Case", "Cases", "cases", "case", false, false, List.of(
                f("Subject", TEXT).required().indexed().build(),
                f("Description", TEXTAREA).length(32000).build(),
                f("Type", PICKLIST).values("Problem", "Question", "Incident", "Feature Request").build(),
                f("Priority", PICKLIST).values("Critical", "High", "Medium", "Low").defaultValue("Medium").indexed().build(),
                f("Status", PICKLIST).required().values("New", "Working", "Escalated", "On Hold", "Closed")
                        .defaultValue("New").indexed().build(),
                f("Origin", PICKLIST).label("Case Origin").values("Email", "Phone", "Web", "Chat").build(),
                f("AccountId", LOOKUP).label("Account").references("Account", "Account", "Cases", OnDelete.RESTRICT).build(),
                f("ContactId", LOOKUP).label("Contact").references("Contact", "Contact", "Cases", OnDelete.SET_NULL).build(),
                f("AssignedToId", LOOKUP).label("Assigned To").referencesAnyOf("User").build(),
                f("Language", TEXT).length(10).build(),
                f("ClosedDate", DATETIME).build(),
                f("SatisfactionScore", NUMBER).label("Satisfaction (1-5)").scale(0).range(1, 5).build(),
                f("IsEscalated", BOOLEAN).label("Escalated").defaultValue(false).build()), List.of());
    }

    static ObjectDef activity() {
        return ObjectDef.of("Activity", "Activity", "Activities", "activities", "act", false, false, List.of(
                f("Subject", TEXT).required().build(),
                f("Type", PICKLIST).required().values("Task", "Call", "Meeting", "Email").indexed().build(),
                f("Status", PICKLIST).values("Not Started", "In Progress", "Completed", "Cancelled")
                        .defaultValue("Not Started").build(),
                f("Priority", PICKLIST).values("High", "Normal", "Low").defaultValue("Normal").build(),
                f("ActivityDate", DATE).label("Date").indexed().build(),
                f("DurationMinutes", NUMBER).label("Duration (minutes)").scale(0).range(0, null).build(),
                f("WhatId", LOOKUP).label("Related To").referencesAnyOf("Account", "Opportunity", "Case", "Product").build(),
                f("WhoId", LOOKUP).label("Name").referencesAnyOf("Contact", "Lead").build(),
                f("Sentiment", PICKLIST).values("Positive", "Neutral", "Negative").build(),
                f("Description", TEXTAREA).length(32000).build()), List.of());
    }

    static ObjectDef knowledgeArticle() {
        return ObjectDef.of("KnowledgeArticle", "Knowledge Article", "Knowledge Articles", "knowledgearticles", "kb",
                false, false, List.of(
                        f("Title", TEXT).required().indexed().build(),
                        f("Summary", TEXTAREA).length(2000).build(),
                        f("Body", TEXTAREA).length(100000).build(),
                        f("Category", PICKLIST).values("FAQ", "Product Guide", "Troubleshooting", "How-To", "Policy",
                                "Release Notes").indexed().build(),
                        f("IsPublished", BOOLEAN).label("Published").defaultValue(false).build(),
                        f("Keywords", TEXT).build()), List.of());
    }
}
