package com.hotcrm.sdk.model;

import java.util.List;

/** {@code POST /ai/win-prediction/{opportunityId}}: how likely the deal is won (0–100), and why. */
public record WinPrediction(String opportunityId, int winProbability, List<String> riskFactors,
        String nextStepSuggestion, String competitiveIntel, int confidence, String model, String engine) {
}
