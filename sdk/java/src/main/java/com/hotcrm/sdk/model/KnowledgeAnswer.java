package com.hotcrm.sdk.model;

import java.util.List;

/** {@code POST /ai/knowledge/ask}: an answer from the knowledge base, the articles it comes from, a confidence. */
public record KnowledgeAnswer(String answer, List<Source> sources, int confidence, String engine) {

    /** An article the answer draws on, with its relevance (0–1). */
    public record Source(String id, String title, double relevance, String url) {
    }
}
