package com.hotcrm.sdk.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /ai/models}: every stored version of the learnt models (newest first per name), and how the predictions
 * served did against the real outcomes, per model ({@code accuracy.get("win")}, {@code "lead"}).
 */
public record AiModels(List<AiModel> models, Map<String, Accuracy> accuracy) {

    /** A model's resolved predictions, whichever version made them: how many, AUC, accuracy, Brier; and per month. */
    public record Accuracy(int resolved, Double auc, Double accuracy, Double brier, List<Month> byMonth) {
    }

    /** The predictions whose outcome became known in one month ({@code 2026-03}). */
    public record Month(String month, int resolved, Double auc, Double accuracy, Double brier) {
    }

    /** The current version of a model ({@code win}, {@code lead}, {@code recommend}), if one was trained. */
    public Optional<AiModel> current(String name) {
        return models == null ? Optional.empty()
                : models.stream().filter(m -> name.equals(m.name()) && Boolean.TRUE.equals(m.current())).findFirst();
    }
}
