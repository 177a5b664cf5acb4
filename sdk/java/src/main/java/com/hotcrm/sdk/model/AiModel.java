package com.hotcrm.sdk.model;

import java.time.Instant;
import java.util.Map;

/**
 * One stored version of a learnt model ({@code win}, {@code lead}, {@code recommend}), as {@code GET /ai/models}
 * lists it: the rows it learnt from, its held-out {@code metrics} ({@code rows}, {@code trainRows}, {@code auc},
 * {@code accuracy}, {@code brier}, {@code calibration}... as the API sends them) and its baseline's, and how its
 * predictions did since ({@code live}: win and lead only).
 */
public record AiModel(String name, Integer version, Boolean current, Instant trainedAt, Integer rows,
        Map<String, Object> metrics, Map<String, Object> baseline, Live live) {

    /** The version's predictions whose outcome is known: how many, AUC, accuracy at one half, Brier score. */
    public record Live(int resolved, Double auc, Double accuracy, Double brier) {
    }

    /** A numeric held-out metric ({@code auc}, {@code brier}, {@code hitRateAt5}...), or null when there is none. */
    public Double metric(String name) {
        return number(metrics, name);
    }

    /** The baseline's value of the same metric, or null. */
    public Double baselineMetric(String name) {
        return number(baseline, name);
    }

    private static Double number(Map<String, Object> values, String name) {
        Object value = values == null ? null : values.get(name);
        return value instanceof Number number ? number.doubleValue() : null;
    }
}
