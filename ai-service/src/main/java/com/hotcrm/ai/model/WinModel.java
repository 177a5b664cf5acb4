package com.hotcrm.ai.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Win probability of an open opportunity, learnt from the organisation's closed ones.
 *
 * <p>Features ({@link #FEATURES}), the same at training and prediction: the stage (as the log-odds of its
 * {@linkplain #STAGE_PRIORS prior}; for a closed deal, the last stage it was open in), log amount and how far it is
 * from the typical won deal's (squared: deals far smaller or larger than usual), age in days (creation to close, or
 * to today), activities (log: the tenth counts less than the first), days since the last activity, a competitor
 * named (on the deal or in its activities) and a competitor in an early stage (before Proposal, where one hurts
 * most), the account's earlier wins (log), and the industry's win rate (smoothed towards the overall rate; out of
 * fold at training, so a deal's own outcome never feeds its feature).
 *
 * <p>Training ({@link #fit}): split by time, the oldest 80 % fit a logistic regression and the newest 20 % are held
 * out. On the held-out deals the model is calibrated (Platt scaling of its raw output, when at least
 * {@value Fitting#MIN_CALIBRATION} of them have both outcomes) and measured, against the baseline of the stage prior
 * alone: AUC, accuracy, Brier score and a calibration table ({@link Fitting#metrics}), each half of them with the
 * calibration fitted on the other half. With fewer than {@value #MIN_HISTORY} closed deals
 * ({@value #MIN_PER_CLASS} of each outcome) there is no model and the stage prior is the answer.
 *
 * <p>When most training deals never showed an open stage (loaded already closed), the stage cannot be learnt; the
 * stage prior's log-odds are then added to the model's, relative to the overall win rate ({@link Params#stageLearnt}).
 */
public final class WinModel extends LogitModel<WinModel.Params> {

    public static final int MIN_HISTORY = 20;
    public static final int MIN_PER_CLASS = 5;
    static final double DEFAULT_PRIOR = 0.3;

    /** Typical win rates by stage (the pipeline's own conversion rates when there is no history). */
    public static final Map<String, Double> STAGE_PRIORS = Map.of("Prospecting", 0.10, "Qualification", 0.20,
            "Needs Analysis", 0.35, "Proposal", 0.55, "Negotiation", 0.75, "Closed Won", 1.0, "Closed Lost", 0.0);

    public static final List<String> FEATURES = List.of("stage", "amount", "amountUnusual", "age", "activities",
            "daysSinceActivity", "competitor", "competitorEarlyStage", "accountPriorWins", "industryWinRate");

    /** What the model knows of one opportunity; {@code stage} and {@code industry} may be null (unknown). */
    public record Facts(String stage, double amount, long ageDays, int activities, long daysSinceActivity,
            boolean competitor, int accountPriorWins, String industry) {
    }

    /** A closed opportunity: its facts as they were when it closed, whether it was won, and when it closed. */
    public record Outcome(Facts facts, boolean won, LocalDate closedOn) {
    }

    /** What a trained model is, as stored in {@code ai.model.params}. */
    public record Params(LogisticRegression.State regression, LogisticRegression.State calibration, double baseRate,
            boolean stageLearnt, Map<String, int[]> industries, long medianWonCycleDays, double typicalWonLogAmount) {
    }

    private WinModel(Params params, int version, int sampleSize, double auc) {
        super(params, params == null ? null : params.regression(), params == null ? null : params.calibration(), version,
                sampleSize, auc);
    }

    /** No model: the stage prior answers. */
    public static WinModel priorsOnly(int sampleSize) {
        return new WinModel(null, 0, sampleSize, 0.5);
    }

    /** A stored model. */
    public static WinModel of(Params params, int version, int rows, double heldOutAuc) {
        return new WinModel(params, version, rows, heldOutAuc);
    }

    public static Fitting.Trained<WinModel> fit(List<Outcome> outcomes) {
        List<Outcome> history = new ArrayList<>(outcomes);
        history.sort(Comparator.comparing(Outcome::closedOn, Comparator.nullsFirst(Comparator.naturalOrder())));
        if (!Fitting.enough(history, Outcome::won, MIN_HISTORY, MIN_PER_CLASS)) {
            return new Fitting.Trained<>(priorsOnly(history.size()), history.size(), 0, null, null);
        }
        Fitting.Split<Outcome> split = Fitting.Split.byTime(history, Outcome::won);
        List<Outcome> train = split.train();
        double baseRate = (double) train.stream().filter(Outcome::won).count() / train.size();
        boolean stageLearnt = train.stream().filter(o -> known(o.facts().stage())).count() * 2 >= train.size();
        Map<String, int[]> industries = Fitting.counts(train, o -> o.facts().industry(), Outcome::won);
        long[] wonCycles = train.stream().filter(Outcome::won).mapToLong(o -> o.facts().ageDays()).sorted().toArray();
        long medianWonCycle = wonCycles[wonCycles.length / 2];
        double[] wonAmounts = train.stream().filter(Outcome::won).mapToDouble(o -> logAmount(o.facts())).sorted().toArray();
        double typical = wonAmounts[wonAmounts.length / 2];
        Params draft = new Params(null, null, baseRate, stageLearnt, industries, medianWonCycle, typical);
        double[] industryRates = Fitting.outOfFoldRates(train, o -> o.facts().industry(), Outcome::won, baseRate);
        double[][] x = new double[train.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = vector(draft, train.get(i).facts(), industryRates[i]);
        }
        int[] y = train.stream().mapToInt(o -> o.won() ? 1 : 0).toArray();
        LogisticRegression.State regression = LogisticRegression.fit(x, y, 0.01, 400).state();

        // calibrated on the held-out deals' raw scores, and measured on each half with the other half's calibration
        List<Outcome> heldOut = split.heldOut();
        int[] labels = heldOut.stream().mapToInt(o -> o.won() ? 1 : 0).toArray();
        WinModel uncalibrated = new WinModel(new Params(regression, null, baseRate, stageLearnt, industries, medianWonCycle, typical),
                0, 0, 0.5);
        Fitting.Calibrated calibration = Fitting.calibrateCrossFitted(
                heldOut.stream().mapToDouble(o -> uncalibrated.raw(o.facts())).toArray(), labels);
        double[] scores = new double[heldOut.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = uncalibrated.withStage(calibration.measured()[i], heldOut.get(i).facts().stage());
        }
        Fitting.Metrics metrics = Fitting.metrics(scores, labels);
        Fitting.Metrics baseline = Fitting.metrics(heldOut.stream().mapToDouble(o -> prior(o.facts().stage(), baseRate)).toArray(), labels);
        if (!split.heldOutApart()) {
            metrics = metrics.notHeldOut();
            baseline = baseline.notHeldOut();
        }
        Params calibrated = new Params(regression, calibration.served(), baseRate, stageLearnt, industries, medianWonCycle, typical);
        return new Fitting.Trained<>(new WinModel(calibrated, 0, history.size(), metrics.auc()), history.size(), train.size(),
                metrics, baseline);
    }

    /** How long won deals took from creation to close (the median; 0 without a model). */
    public long medianWonCycleDays() {
        return params == null ? 0 : params.medianWonCycleDays();
    }

    /** The probability to report: the calibrated model's, or the stage prior alone when there is no model. */
    public double probability(Facts facts) {
        if (regression == null) {
            return prior(facts.stage(), DEFAULT_PRIOR);
        }
        return withStage(calibrated(vector(params, facts, null)), facts.stage());
    }

    /** The regression's own probability, before calibration. */
    private double raw(Facts facts) {
        return regression.probability(vector(params, facts, null));
    }

    /** A stage the model could not learn adds its prior's log-odds, relative to the overall rate. */
    private double withStage(double p, String stage) {
        if (params.stageLearnt() || !known(stage)) {
            return p;
        }
        return Fitting.sigmoid(Fitting.logit(p) + Fitting.logit(prior(stage, params.baseRate())) - Fitting.logit(params.baseRate()));
    }

    /** Each feature's push on this prediction, strongest first: the weight times the feature's standardized value. */
    public List<Fitting.Factor> factors(Facts facts) {
        if (regression == null) {
            return List.of();
        }
        // the account's wins and its industry are the organisation's, not necessarily the caller's to read: named, not told
        Object[] values = { facts.stage(), facts.amount(), facts.amount(), facts.ageDays(), facts.activities(),
                facts.daysSinceActivity(), facts.competitor(), facts.competitor() && early(params, facts.stage()), null, null };
        return Fitting.factors(regression, vector(params, facts, null), FEATURES, values,
                params.stageLearnt() ? Set.of() : Set.of("stage"));
    }

    /** {@code industryRate}: the deal's out-of-fold rate at training; null at prediction (the training rows' rate). */
    static double[] vector(Params params, Facts f, Double industryRate) {
        double stage = params.stageLearnt() ? Fitting.logit(prior(f.stage(), DEFAULT_PRIOR)) : 0;
        double amount = logAmount(f);
        return new double[] { stage, amount, Math.pow(amount - params.typicalWonLogAmount(), 2), f.ageDays(),
                Math.log1p(f.activities()), Math.min(365, f.daysSinceActivity()), f.competitor() ? 1 : 0,
                f.competitor() && early(params, f.stage()) ? 1 : 0, Math.log1p(f.accountPriorWins()),
                industryRate != null ? industryRate : Fitting.rate(params.industries(), f.industry(), params.baseRate()) };
    }

    private static double logAmount(Facts f) {
        return Math.log1p(Math.max(0, f.amount()));
    }

    /** A stage before Proposal (a prior under one half), when the model learns stages. */
    private static boolean early(Params params, String stage) {
        return params.stageLearnt() && known(stage) && STAGE_PRIORS.get(stage) < 0.5;
    }

    static double prior(String stage, double otherwise) {
        return known(stage) ? STAGE_PRIORS.get(stage) : otherwise;
    }

    private static boolean known(String stage) {
        return stage != null && STAGE_PRIORS.containsKey(stage);
    }
}
