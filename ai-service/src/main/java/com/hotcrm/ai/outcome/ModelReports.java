package com.hotcrm.ai.outcome;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.hotcrm.ai.model.Fitting;
import com.hotcrm.ai.model.WinModel;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * GET /v1/ai/models: every stored version with its held-out metrics and its baseline's, and how the predictions
 * served did against the real outcomes: per version, overall and per month the outcomes became known. A record
 * counts once, with the last prediction made of it before its outcome.
 */
@ApplicationScoped
public class ModelReports {

    /** The most resolved predictions the live accuracy is computed from (the newest). */
    static final int LIVE_WINDOW = 50_000;

    private final ModelRegistry registry;
    private final OutcomeStore store;

    ModelReports(ModelRegistry registry, OutcomeStore store) {
        this.registry = registry;
        this.store = store;
    }

    public Uni<Map<String, Object>> report() {
        return Uni.combine().all().unis(registry.list(), store.resolved(ModelRegistry.WIN, LIVE_WINDOW),
                store.resolved(ModelRegistry.LEAD, LIVE_WINDOW)).asTuple()
                // up to twice 50,000 predictions measured: not on the event loop
                .emitOn(Infrastructure.getDefaultWorkerPool()).map(t -> {
                    // the models whose predictions have outcomes (recommendations are measured when trained)
                    Map<String, List<OutcomeStore.Resolved>> byModel = new java.util.TreeMap<>(Map.of(ModelRegistry.WIN,
                            t.getItem2(), ModelRegistry.LEAD, t.getItem3()));
                    for (Map<String, Object> model : t.getItem1()) {
                        List<OutcomeStore.Resolved> resolved = byModel.get(model.get("name"));
                        if (resolved != null) {
                            model.put("live", live(resolved.stream().filter(r -> Objects.equals(r.version(), model.get("version")))
                                    .toList()));
                        }
                    }
                    Map<String, Object> accuracy = new LinkedHashMap<>();
                    byModel.forEach((name, resolved) -> accuracy.put(name, overTime(resolved)));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("models", t.getItem1());
                    out.put("accuracy", accuracy);
                    return out;
                });
    }

    /** All of a model's resolved predictions (whichever version or rules made them), and per month. */
    private static Map<String, Object> overTime(List<OutcomeStore.Resolved> resolved) {
        Map<String, Object> accuracy = live(resolved);
        Map<YearMonth, List<OutcomeStore.Resolved>> byMonth = new TreeMap<>();
        resolved.forEach(r -> byMonth.computeIfAbsent(YearMonth.from(r.resolvedAt().atZoneSameInstant(ZoneOffset.UTC)),
                k -> new ArrayList<>()).add(r));
        List<Map<String, Object>> months = new ArrayList<>();
        byMonth.forEach((month, rs) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("month", month.toString());
            row.putAll(live(rs));
            months.add(row);
        });
        accuracy.put("byMonth", months);
        return accuracy;
    }

    /** Resolved predictions measured like a held-out set: how many, AUC, accuracy at one half, Brier score. */
    static Map<String, Object> live(List<OutcomeStore.Resolved> resolved) {
        double[] scores = resolved.stream().mapToDouble(OutcomeStore.Resolved::probability).toArray();
        int[] labels = resolved.stream().mapToInt(r -> r.outcome() ? 1 : 0).toArray();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("resolved", resolved.size());
        if (!resolved.isEmpty()) {
            Map<String, Object> metrics = Fitting.metrics(scores, labels).asMap();
            out.put("auc", metrics.get("auc"));
            out.put("accuracy", metrics.get("accuracy"));
            out.put("brier", metrics.get("brier"));
        }
        return out;
    }
}
