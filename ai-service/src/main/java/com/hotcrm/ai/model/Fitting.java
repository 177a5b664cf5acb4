package com.hotcrm.ai.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the outcome models ({@link WinModel}, {@link LeadModel}) share: the split by time, the calibration, the
 * held-out measures, smoothed category rates, and the factors of one prediction.
 */
public final class Fitting {

    /** Held-out rows needed, with both outcomes, to calibrate. */
    static final int MIN_CALIBRATION = 30;
    /** Pseudo-rows at the overall rate that a category's own rate is smoothed with. */
    static final double SMOOTHING = 10;

    private Fitting() {
    }

    /** One feature's push on one prediction: its value and its effect in log-odds (positive raises the chance). */
    public record Factor(String feature, Object value, double impact) {
    }

    /**
     * A model's quality on held-out rows. {@code calibration}: per band of predicted probability, mean predicted and
     * observed. {@code heldOut} false: the rows were also learnt from (every older row had the same outcome).
     */
    public record Metrics(int rows, double auc, double accuracy, double brier, List<Map<String, Object>> calibration,
            boolean heldOut) {

        Metrics notHeldOut() {
            return new Metrics(rows, auc, accuracy, brier, calibration, false);
        }

        public Map<String, Object> asMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rows", rows);
            out.put("heldOut", heldOut);
            out.put("auc", round(auc));
            out.put("accuracy", round(accuracy));
            out.put("brier", round(brier));
            if (calibration != null) {
                out.put("calibration", calibration);
            }
            return out;
        }
    }

    /** A fitted model and how it and its baseline did on the held-out rows ({@code metrics} null: nothing fitted). */
    public record Trained<M>(M model, int rows, int trainRows, Metrics metrics, Metrics baseline) {

        public boolean fitted() {
            return metrics != null;
        }
    }

    /**
     * The oldest 80 % to fit and the newest 20 % to measure; all of them to fit when the old ones all ended alike
     * ({@code heldOut} false: the measure is then of rows the model learnt from).
     */
    record Split<T>(List<T> train, List<T> heldOut, boolean heldOutApart) {

        static <T> Split<T> byTime(List<T> oldestFirst, Predicate<T> positive) {
            int trainRows = oldestFirst.size() - Math.max(oldestFirst.size() / 5, 1);
            List<T> train = oldestFirst.subList(0, trainRows);
            List<T> heldOut = oldestFirst.subList(trainRows, oldestFirst.size());
            if (train.stream().noneMatch(positive) || train.stream().allMatch(positive)) {
                return new Split<>(oldestFirst, heldOut, false);
            }
            return new Split<>(train, heldOut, true);
        }
    }

    /** How many folds a category's rate is computed out of, at training. */
    static final int FOLDS = 5;

    /**
     * Each training row's category rate from the other folds' rows only (row i is in fold i % {@value #FOLDS}),
     * smoothed towards {@code base}: so a row's own outcome never feeds its feature, and unlike leaving the row alone
     * out, the value does not move with its outcome.
     */
    static <T> double[] outOfFoldRates(List<T> rows, Function<T, String> category, Predicate<T> positive, double base) {
        Map<String, int[]> all = counts(rows, category, positive);
        List<Map<String, int[]>> folds = new ArrayList<>();
        for (int f = 0; f < FOLDS; f++) {
            int fold = f;
            List<T> members = new ArrayList<>();
            for (int i = fold; i < rows.size(); i += FOLDS) {
                members.add(rows.get(i));
            }
            folds.add(counts(members, category, positive));
        }
        double[] rates = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String key = category.apply(rows.get(i));
            int[] total = key == null ? null : all.get(key);
            int[] own = key == null ? null : folds.get(i % FOLDS).get(key);
            rates[i] = total == null ? base
                    : (total[0] - own[0] + SMOOTHING * base) / (total[1] - own[1] + SMOOTHING);
        }
        return rates;
    }

    /**
     * The calibration to serve (Platt scaling fitted on every held-out row's raw probability; null when too few, or one
     * outcome only), and each held-out row's calibrated probability for measuring, from a calibration fitted on the
     * other half of the held-out rows: the measure is never of rows the calibration saw.
     */
    record Calibrated(LogisticRegression.State served, double[] measured) {
    }

    static Calibrated calibrateCrossFitted(double[] raw, int[] labels) {
        LogisticRegression.State served = calibrate(raw, labels);
        if (served == null) {
            return new Calibrated(null, raw.clone());
        }
        double[] measured = new double[raw.length];
        for (int half = 0; half < 2; half++) {
            List<Integer> fit = new ArrayList<>();
            for (int i = 0; i < raw.length; i++) {
                if (i % 2 != half) {
                    fit.add(i);
                }
            }
            LogisticRegression.State other = calibrate(fit.stream().mapToDouble(i -> raw[i]).toArray(),
                    fit.stream().mapToInt(i -> labels[i]).toArray(), MIN_CALIBRATION / 2);
            LogisticRegression on = LogisticRegression.of(other != null ? other : served);
            for (int i = half; i < raw.length; i += 2) {
                measured[i] = calibrated(on, raw[i]);
            }
        }
        return new Calibrated(served, measured);
    }

    /** Whether there are enough rows, and enough of each outcome, to fit. */
    static <T> boolean enough(List<T> rows, Predicate<T> positive, int minRows, int minPerClass) {
        long positives = rows.stream().filter(positive).count();
        return rows.size() >= minRows && positives >= minPerClass && rows.size() - positives >= minPerClass;
    }

    /** Platt scaling of the held-out raw probabilities; null when too few rows, or one outcome only. */
    static LogisticRegression.State calibrate(double[] raw, int[] labels) {
        return calibrate(raw, labels, MIN_CALIBRATION);
    }

    private static LogisticRegression.State calibrate(double[] raw, int[] labels, int minRows) {
        long positives = java.util.Arrays.stream(labels).filter(l -> l == 1).count();
        if (raw.length < minRows || positives == 0 || positives == raw.length) {
            return null;
        }
        double[][] logits = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            logits[i] = new double[] { logit(raw[i]) };
        }
        return LogisticRegression.fit(logits, labels, 0.01, 400).state();
    }

    /** A raw probability through the calibration (unchanged without one). */
    static double calibrated(LogisticRegression calibration, double p) {
        return calibration == null ? p : calibration.probability(new double[] { logit(p) });
    }

    /** Per category: {positives, rows}. */
    static <T> Map<String, int[]> counts(List<T> rows, Function<T, String> category, Predicate<T> positive) {
        Map<String, int[]> counts = new HashMap<>();
        for (T row : rows) {
            String key = category.apply(row);
            if (key != null) {
                int[] c = counts.computeIfAbsent(key, k -> new int[2]);
                c[0] += positive.test(row) ? 1 : 0;
                c[1]++;
            }
        }
        return counts;
    }

    /** A category's rate among all the training rows, smoothed towards {@code base}: a prediction's feature. */
    static double rate(Map<String, int[]> counts, String category, double base) {
        int[] c = category == null ? null : counts.get(category);
        return c == null ? base : (c[0] + SMOOTHING * base) / (c[1] + SMOOTHING);
    }

    /** The factors of one prediction, strongest first; features in {@code skip} are left out. */
    static List<Factor> factors(LogisticRegression regression, double[] vector, List<String> names, Object[] values,
            java.util.Set<String> skip) {
        double[] contributions = regression.contributions(vector);
        List<Factor> out = new ArrayList<>();
        for (int j = 0; j < contributions.length; j++) {
            if (!skip.contains(names.get(j))) {
                out.add(new Factor(names.get(j), values[j], round(contributions[j])));
            }
        }
        out.sort(Comparator.comparingDouble((Factor f) -> -Math.abs(f.impact())));
        return out;
    }

    /** AUC, accuracy at one half, Brier score and a five-band calibration table. */
    public static Metrics metrics(double[] scores, int[] labels) {
        double brier = 0;
        int right = 0;
        double[][] bands = new double[5][3];
        for (int i = 0; i < scores.length; i++) {
            brier += (scores[i] - labels[i]) * (scores[i] - labels[i]);
            right += (scores[i] >= 0.5) == (labels[i] == 1) ? 1 : 0;
            double[] band = bands[Math.min(4, (int) (scores[i] * 5))];
            band[0]++;
            band[1] += scores[i];
            band[2] += labels[i];
        }
        List<Map<String, Object>> table = new ArrayList<>();
        for (int b = 0; b < 5; b++) {
            if (bands[b][0] > 0) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("band", (b * 20) + "-" + (b * 20 + 20) + "%");
                row.put("rows", (int) bands[b][0]);
                row.put("predicted", round(bands[b][1] / bands[b][0]));
                row.put("observed", round(bands[b][2] / bands[b][0]));
                table.add(row);
            }
        }
        int n = Math.max(1, scores.length);
        return new Metrics(scores.length, LogisticRegression.auc(scores, labels), (double) right / n, brier / n, table, true);
    }

    /** A 0-100 confidence: more with more history and a better held-out AUC. */
    static int confidence(int sampleSize, double auc) {
        double size = Math.min(1, sampleSize / 200.0);
        double fit = Math.max(0, Math.min(1, (auc - 0.5) / 0.5));
        return (int) Math.round(40 + 60 * size * fit);
    }

    static double logit(double p) {
        double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return Math.log(q / (1 - q));
    }

    static double sigmoid(double t) {
        return 1 / (1 + Math.exp(-t));
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
