package com.hotcrm.sdk.model;

/**
 * One of the strongest reasons a learnt model gave its answer ({@code topPositiveFactors},
 * {@code topNegativeFactors} of a win prediction or a lead score): the feature, its value (a number, a text, or null
 * when it is not told, such as the account's wins), and its effect in log-odds (positive raises the chance).
 */
public record PredictionFactor(String feature, Object value, double impact) {
}
