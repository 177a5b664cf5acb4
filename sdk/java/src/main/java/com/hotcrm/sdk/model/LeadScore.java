package com.hotcrm.sdk.model;

/**
 * {@code POST /ai/lead-score/{leadId}}: a score 0–100 from the lead's profile completeness (30 %), company
 * quality (40 %) and engagement (30 %), with what to do next.
 */
public record LeadScore(String leadId, int score, String summary, String recommendedAction, Factors factors,
        String engine) {

    /** The three parts of the score, each 0–100. */
    public record Factors(int completeness, int companyQuality, int engagement) {
    }
}
