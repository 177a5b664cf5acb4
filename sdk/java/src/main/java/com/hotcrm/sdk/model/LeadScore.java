package com.hotcrm.sdk.model;

import java.util.List;

/**
 * {@code POST /ai/lead-score/{leadId}}: a score 0–100 with what to do next. Once the organisation has enough decided
 * leads it is 100 × the chance the lead converts, from the learnt lead model ({@code model}, {@code modelVersion},
 * its strongest factors each way); before that, from the rules: profile completeness (30 %), company quality (40 %)
 * and engagement (30 %), which {@code factors} holds either way. {@code writtenBack} says whether the score was
 * stored on the lead's {@code LeadScore}.
 */
public record LeadScore(String leadId, int score, String summary, String recommendedAction, Factors factors,
        String engine, List<PredictionFactor> topPositiveFactors, List<PredictionFactor> topNegativeFactors,
        String model, Integer modelVersion, boolean writtenBack) {

    /** The three parts of the rules' score, each 0–100. */
    public record Factors(int completeness, int companyQuality, int engagement) {
    }
}
