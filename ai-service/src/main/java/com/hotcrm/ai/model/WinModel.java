package com.hotcrm.ai.model;

import java.util.List;
import java.util.Map;

/**
 * Win probability of an open opportunity. When the organisation has at least {@value #MIN_HISTORY} closed
 * opportunities with both outcomes ({@value #MIN_PER_CLASS} each), a logistic regression fitted on them
 * ({@link Facts#vector()}: log amount, days from creation to close, activity count, days since the last
 * activity, a competitor mentioned, the account's earlier wins) is averaged with the stage's prior;
 * otherwise the stage prior alone is used. Confidence grows with the sample size and the model's AUC.
 */
public final class WinModel {

    public static final int MIN_HISTORY = 20;
    public static final int MIN_PER_CLASS = 5;

    /** Typical win rates by stage (the pipeline's own conversion rates when there is no history). */
    public static final Map<String, Double> STAGE_PRIORS = Map.of("Prospecting", 0.10, "Qualification", 0.20,
            "Needs Analysis", 0.35, "Proposal", 0.55, "Negotiation", 0.75, "Closed Won", 1.0, "Closed Lost", 0.0);

    /** What the model knows of one opportunity. */
    public record Facts(double amount, long cycleDays, int activities, long daysSinceActivity, boolean competitor,
            int accountPriorWins) {

        public double[] vector() {
            return new double[] { Math.log1p(Math.max(0, amount)), cycleDays, activities, Math.min(365, daysSinceActivity),
                    competitor ? 1 : 0, accountPriorWins };
        }
    }

    /** A closed opportunity: its facts and whether it was won. */
    public record Outcome(Facts facts, boolean won) {
    }

    private final LogisticRegression regression;
    private final int sampleSize;
    private final double auc;

    private WinModel(LogisticRegression regression, int sampleSize, double auc) {
        this.regression = regression;
        this.sampleSize = sampleSize;
        this.auc = auc;
    }

    public static WinModel fit(List<Outcome> history) {
        long won = history.stream().filter(Outcome::won).count();
        if (history.size() < MIN_HISTORY || won < MIN_PER_CLASS || history.size() - won < MIN_PER_CLASS) {
            return new WinModel(null, history.size(), 0.5);
        }
        double[][] x = history.stream().map(o -> o.facts().vector()).toArray(double[][]::new);
        int[] y = history.stream().mapToInt(o -> o.won() ? 1 : 0).toArray();
        LogisticRegression regression = LogisticRegression.fit(x, y, 0.01, 400);
        double[] scores = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            scores[i] = regression.probability(x[i]);
        }
        return new WinModel(regression, history.size(), LogisticRegression.auc(scores, y));
    }

    public boolean fitted() {
        return regression != null;
    }

    public int sampleSize() {
        return sampleSize;
    }

    /** The regression's probability alone (no stage prior); 0.5 when not fitted. */
    public double modelProbability(Facts facts) {
        return regression == null ? 0.5 : regression.probability(facts.vector());
    }

    /** The probability to report: model and stage prior averaged, or the prior alone. */
    public double probability(String stage, Facts facts) {
        double prior = STAGE_PRIORS.getOrDefault(stage, 0.3);
        return regression == null ? prior : (regression.probability(facts.vector()) + prior) / 2;
    }

    /** 0-100: 30 on stage priors alone; with a model, more with more history and a better fit. */
    public int confidence() {
        if (regression == null) {
            return 30;
        }
        double size = Math.min(1, sampleSize / 200.0);
        double fit = Math.max(0, Math.min(1, (auc - 0.5) / 0.5));
        return (int) Math.round(40 + 60 * size * fit);
    }
}
