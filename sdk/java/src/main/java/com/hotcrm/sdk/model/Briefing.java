package com.hotcrm.sdk.model;

import java.util.List;

/** {@code POST /ai/briefing}: an account's situation in a paragraph, with insights, actions and risks. */
public record Briefing(String summary, List<String> keyInsights, List<String> recommendedActions,
        List<String> riskFactors, String engine) {
}
