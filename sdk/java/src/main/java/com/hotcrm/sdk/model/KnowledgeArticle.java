package com.hotcrm.sdk.model;

import java.util.Map;

/**
 * A Knowledge Article, what the AI's knowledge answers come from. Its records are at {@code /knowledgearticles}.
 * Getters return null for a field the answer did not include; other and custom fields are reached with {@link
 * #get} and {@link #set}.
 */
public class KnowledgeArticle extends CrmRecord {

    public KnowledgeArticle() {
    }

    public KnowledgeArticle(Map<String, ?> fields) {
        super(fields);
    }

    @Override
    public KnowledgeArticle set(String field, Object value) {
        super.set(field, value);
        return this;
    }

    public String getTitle() {
        return getString("Title");
    }

    public KnowledgeArticle setTitle(String value) {
        set("Title", value);
        return this;
    }

    public String getSummary() {
        return getString("Summary");
    }

    public KnowledgeArticle setSummary(String value) {
        set("Summary", value);
        return this;
    }

    public String getBody() {
        return getString("Body");
    }

    public KnowledgeArticle setBody(String value) {
        set("Body", value);
        return this;
    }

    public String getCategory() {
        return getString("Category");
    }

    public KnowledgeArticle setCategory(String value) {
        set("Category", value);
        return this;
    }

    public Boolean getIsPublished() {
        return getBoolean("IsPublished");
    }

    public KnowledgeArticle setIsPublished(Boolean value) {
        set("IsPublished", value);
        return this;
    }

    public String getKeywords() {
        return getString("Keywords");
    }

    public KnowledgeArticle setKeywords(String value) {
        set("Keywords", value);
        return this;
    }
}
