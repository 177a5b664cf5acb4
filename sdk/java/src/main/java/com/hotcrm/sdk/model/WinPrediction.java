package com.hotcrm.sdk.model;

import java.util.List;

/**
 * {@code POST /ai/win-prediction/{opportunityId}}: how likely the deal is won (0–100), and why: the rules' risk
 * factors, and the learnt model's strongest factors each way. {@code modelVersion} is null before the first version
 * is trained (the stage prior answers); {@code writtenBack} says whether the prediction was stored on the deal's AI
 * fields.
 */
public record WinPrediction(String opportunityId, int winProbability, List<String> riskFactors,
        String nextStepSuggestion, String competitiveIntel, int confidence, String model, String engine,
        List<PredictionFactor> topPositiveFactors, List<PredictionFactor> topNegativeFactors, Integer modelVersion,
        boolean writtenBack) {
}
