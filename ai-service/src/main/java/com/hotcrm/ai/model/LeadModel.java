package com.hotcrm.ai.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chance that a lead converts, learnt from the organisation's leads that did (Status Converted) or did not
 * (Unqualified). Features ({@link #FEATURES}): profile completeness (the share of {@link LeadScoring#KEY_FIELDS}
 * filled in), log annual revenue, log employees, activities with the lead, days since the last one, age in days,
 * and the conversion rates of its industry and its source (smoothed, out of fold at training). Fitted, calibrated
 * and measured like {@link WinModel} (split by time, held-out metrics), against the baseline of the overall
 * conversion rate. With fewer than {@value #MIN_HISTORY} outcomes ({@value #MIN_PER_CLASS} of each) there is no
 * model, and the rules of {@link LeadScoring} score the lead.
 */
public final class LeadModel extends LogitModel<LeadModel.Params> {

    public static final int MIN_HISTORY = 40;
    public static final int MIN_PER_CLASS = 10;

    public static final List<String> FEATURES = List.of("completeness", "annualRevenue", "employees", "activities",
            "daysSinceActivity", "age", "industryConversionRate", "sourceConversionRate");

    /** What the model knows of one lead; industry and source may be null. */
    public record Facts(int completeness, double annualRevenue, double employees, int activities, long daysSinceActivity,
            long ageDays, String industry, String source) {
    }

    /** A lead with an outcome: its facts as they were then, whether it converted, and when. */
    public record Outcome(Facts facts, boolean converted, LocalDate decidedOn) {
    }

    /** What a trained model is, as stored in {@code ai.model.params}. */
    public record Params(LogisticRegression.State regression, LogisticRegression.State calibration, double baseRate,
            Map<String, int[]> industries, Map<String, int[]> sources) {
    }

    private LeadModel(Params params, int version, int sampleSize, double auc) {
        super(params, params == null ? null : params.regression(), params == null ? null : params.calibration(), version,
                sampleSize, auc);
    }

    /** No model: the rules score leads. */
    public static LeadModel rulesOnly(int sampleSize) {
        return new LeadModel(null, 0, sampleSize, 0.5);
    }

    public static LeadModel of(Params params, int version, int rows, double heldOutAuc) {
        return new LeadModel(params, version, rows, heldOutAuc);
    }

    public static Fitting.Trained<LeadModel> fit(List<Outcome> outcomes) {
        List<Outcome> history = new ArrayList<>(outcomes);
        history.sort(Comparator.comparing(Outcome::decidedOn, Comparator.nullsFirst(Comparator.naturalOrder())));
        if (!Fitting.enough(history, Outcome::converted, MIN_HISTORY, MIN_PER_CLASS)) {
            return new Fitting.Trained<>(rulesOnly(history.size()), history.size(), 0, null, null);
        }
        Fitting.Split<Outcome> split = Fitting.Split.byTime(history, Outcome::converted);
        List<Outcome> train = split.train();
        double baseRate = (double) train.stream().filter(Outcome::converted).count() / train.size();
        Map<String, int[]> industries = Fitting.counts(train, o -> o.facts().industry(), Outcome::converted);
        Map<String, int[]> sources = Fitting.counts(train, o -> o.facts().source(), Outcome::converted);
        Params draft = new Params(null, null, baseRate, industries, sources);
        double[] industryRates = Fitting.outOfFoldRates(train, o -> o.facts().industry(), Outcome::converted, baseRate);
        double[] sourceRates = Fitting.outOfFoldRates(train, o -> o.facts().source(), Outcome::converted, baseRate);
        double[][] x = new double[train.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = vector(draft, train.get(i).facts(), industryRates[i], sourceRates[i]);
        }
        int[] y = train.stream().mapToInt(o -> o.converted() ? 1 : 0).toArray();
        LogisticRegression.State regression = LogisticRegression.fit(x, y, 0.01, 400).state();

        List<Outcome> heldOut = split.heldOut();
        int[] labels = heldOut.stream().mapToInt(o -> o.converted() ? 1 : 0).toArray();
        LeadModel uncalibrated = new LeadModel(new Params(regression, null, baseRate, industries, sources), 0, 0, 0.5);
        Fitting.Calibrated calibration = Fitting.calibrateCrossFitted(
                heldOut.stream().mapToDouble(o -> uncalibrated.probability(o.facts())).toArray(), labels);
        Fitting.Metrics metrics = Fitting.metrics(calibration.measured(), labels);
        Fitting.Metrics baseline = Fitting.metrics(heldOut.stream().mapToDouble(o -> baseRate).toArray(), labels);
        if (!split.heldOutApart()) {
            metrics = metrics.notHeldOut();
            baseline = baseline.notHeldOut();
        }
        return new Fitting.Trained<>(new LeadModel(new Params(regression, calibration.served(), baseRate, industries, sources), 0,
                history.size(), metrics.auc()), history.size(), train.size(), metrics, baseline);
    }

    /** The calibrated chance of conversion; only with a model. */
    public double probability(Facts facts) {
        return calibrated(vector(params, facts, null, null));
    }

    public List<Fitting.Factor> factors(Facts facts) {
        if (regression == null) {
            return List.of();
        }
        Object[] values = { facts.completeness(), facts.annualRevenue(), facts.employees(), facts.activities(),
                facts.daysSinceActivity(), facts.ageDays(), facts.industry(), facts.source() };
        return Fitting.factors(regression, vector(params, facts, null, null), FEATURES, values, Set.of());
    }

    /** The rates: the lead's out-of-fold ones at training; null at prediction (the training rows' rates). */
    static double[] vector(Params params, Facts f, Double industryRate, Double sourceRate) {
        return new double[] { f.completeness(), Math.log1p(Math.max(0, f.annualRevenue())), Math.log1p(Math.max(0, f.employees())),
                f.activities(), Math.min(365, f.daysSinceActivity()), f.ageDays(),
                industryRate != null ? industryRate : Fitting.rate(params.industries(), f.industry(), params.baseRate()),
                sourceRate != null ? sourceRate : Fitting.rate(params.sources(), f.source(), params.baseRate()) };
    }
}
