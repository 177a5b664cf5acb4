package com.hotcrm.ai.outcome;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.hotcrm.ai.config.AiConfig;
import com.hotcrm.ai.model.Fitting;
import com.hotcrm.ai.model.WinModel;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

/**
 * GET /v1/ai/models: every stored version with its held-out metrics and its baseline's, and how the predictions
 * served did against the real outcomes: per version, overall and per month the outcomes became known. A record
 * counts once, with the last prediction made of it before its outcome. The same numbers are Prometheus gauges (tag
 * {@code model}: win, lead): {@code hotcrm_ai_model_live_auc}, {@code _live_accuracy}, {@code _live_brier},
 * {@code _live_resolved} and {@code hotcrm_ai_model_heldout_auc} (the current version's, when trained).
 */
@ApplicationScoped
public class ModelReports {

    private static final Logger LOG = Logger.getLogger(ModelReports.class);

    /** The most resolved predictions the live accuracy is computed from (the newest). */
    static final int LIVE_WINDOW = 50_000;

    private final ModelRegistry registry;
    private final OutcomeStore store;
    private final Vertx vertx;
    private final Duration metricsInterval;
    /** model → metric (auc, accuracy, brier, resolved, heldOutAuc) of the last report; NaN before the first. */
    private final Map<String, Map<String, Double>> gauges = new ConcurrentHashMap<>();
    private long timer = -1;

    ModelReports(ModelRegistry registry, OutcomeStore store, Vertx vertx, MeterRegistry meters, AiConfig config) {
        this.registry = registry;
        this.store = store;
        this.vertx = vertx;
        this.metricsInterval = config.models().metricsInterval();
        for (String model : List.of(ModelRegistry.WIN, ModelRegistry.LEAD)) {
            gauge(meters, model, "auc", "hotcrm.ai.model.live.auc", "AUC of the predictions served, against the real outcomes");
            gauge(meters, model, "accuracy", "hotcrm.ai.model.live.accuracy",
                    "Accuracy at one half of the predictions served, against the real outcomes");
            gauge(meters, model, "brier", "hotcrm.ai.model.live.brier",
                    "Brier score of the predictions served, against the real outcomes");
            gauge(meters, model, "resolved", "hotcrm.ai.model.live.resolved", "Predictions served whose outcome is known");
            gauge(meters, model, "heldOutAuc", "hotcrm.ai.model.heldout.auc", "Held-out AUC of the current version when trained");
        }
    }

    private void gauge(MeterRegistry meters, String model, String metric, String name, String description) {
        Gauge.builder(name, gauges, g -> g.getOrDefault(model, Map.of()).getOrDefault(metric, Double.NaN))
                .description(description).tag("model", model).register(meters);
    }

    /** The gauges follow the report, recomputed every {@code hotcrm.ai.models.metrics-interval}. */
    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(metricsInterval.toMillis(), id -> report().subscribe().with(this::measured,
                failure -> LOG.debugf("The models' accuracy gauges were not updated: %s", failure.toString())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    @SuppressWarnings("unchecked")
    private void measured(Map<String, Object> report) {
        Map<String, Object> accuracy = (Map<String, Object>) report.get("accuracy");
        for (String model : List.of(ModelRegistry.WIN, ModelRegistry.LEAD)) {
            Map<String, Double> values = new java.util.HashMap<>();
            Map<String, Object> live = (Map<String, Object>) accuracy.getOrDefault(model, Map.of());
            for (String metric : List.of("auc", "accuracy", "brier", "resolved")) {
                if (live.get(metric) instanceof Number n) {
                    values.put(metric, n.doubleValue());
                }
            }
            for (Map<String, Object> version : (List<Map<String, Object>>) report.get("models")) {
                if (model.equals(version.get("name")) && Boolean.TRUE.equals(version.get("current"))
                        && version.get("metrics") instanceof Map<?, ?> metrics && metrics.get("auc") instanceof Number n) {
                    values.put("heldOutAuc", n.doubleValue());
                }
            }
            gauges.put(model, values);
        }
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
