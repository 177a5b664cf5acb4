package com.hotcrm.ai.model;

/**
 * What the outcome models ({@link WinModel}, {@link LeadModel}) are once fitted: a logistic regression, its
 * calibration (none: the regression's own probability), the parameters they are stored as, and how they were
 * trained (version, rows, held-out AUC). Without a regression there is no model and the caller's rules answer.
 */
public abstract class LogitModel<P> {

    protected final P params;
    protected final LogisticRegression regression;
    private final LogisticRegression calibration;
    private final int version;
    private final int sampleSize;
    private final double auc;

    LogitModel(P params, LogisticRegression.State regression, LogisticRegression.State calibration, int version, int sampleSize,
            double auc) {
        this.params = params;
        this.regression = regression == null ? null : LogisticRegression.of(regression);
        this.calibration = calibration == null ? null : LogisticRegression.of(calibration);
        this.version = version;
        this.sampleSize = sampleSize;
        this.auc = auc;
    }

    public boolean fitted() {
        return regression != null;
    }

    public int version() {
        return version;
    }

    public int sampleSize() {
        return sampleSize;
    }

    public P params() {
        return params;
    }

    /** 0-100: 30 without a model; with one, more with more history and a better held-out AUC. */
    public int confidence() {
        return regression == null ? 30 : Fitting.confidence(sampleSize, auc);
    }

    /** The regression's probability for a feature vector, through the calibration. */
    protected double calibrated(double[] vector) {
        return Fitting.calibrated(calibration, regression.probability(vector));
    }
}
