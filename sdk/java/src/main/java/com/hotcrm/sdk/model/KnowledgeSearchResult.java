package com.hotcrm.sdk.model;

import java.util.List;

/** {@code POST /ai/knowledge/search}: the articles closest in meaning, best first. */
public record KnowledgeSearchResult(List<Hit> results, String engine) {

    /** An article found, with its relevance (0–1). */
    public record Hit(String id, String title, String summary, double relevance, String category) {
    }
}
