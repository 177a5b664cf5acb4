package com.hotcrm.ai.model;

import java.util.Arrays;

/**
 * Binary logistic regression on standardized features, fitted by batch gradient descent with L2
 * regularization: p(y=1|x) = 1 / (1 + e^-(b + w·z)), z the features scaled to mean 0 and variance 1 over
 * the training set. Small and deterministic: the same data gives the same model.
 */
public final class LogisticRegression {

    private final double[] mean;
    private final double[] scale;
    private final double[] weights;
    private final double bias;

    /** What a fitted regression is, to store and load: the standardization and the weights. */
    public record State(double[] mean, double[] scale, double[] weights, double bias) {
    }

    public static LogisticRegression of(State state) {
        return new LogisticRegression(state.mean(), state.scale(), state.weights(), state.bias());
    }

    public State state() {
        return new State(mean.clone(), scale.clone(), weights.clone(), bias);
    }

    private LogisticRegression(double[] mean, double[] scale, double[] weights, double bias) {
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.bias = bias;
    }

    public static LogisticRegression fit(double[][] x, int[] y, double l2, int iterations) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1;
        }
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - mean[j]) / scale[j];
            }
        }
        double[] w = new double[d];
        double b = 0;
        double rate = 0.5;
        for (int it = 0; it < iterations; it++) {
            double[] gw = new double[d];
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double error = sigmoid(b + dot(w, z[i])) - y[i];
                for (int j = 0; j < d; j++) {
                    gw[j] += error * z[i][j] / n;
                }
                gb += error / n;
            }
            for (int j = 0; j < d; j++) {
                w[j] -= rate * (gw[j] + l2 * w[j]);
            }
            b -= rate * gb;
        }
        return new LogisticRegression(mean, scale, w, b);
    }

    public double probability(double[] features) {
        double[] z = new double[features.length];
        for (int j = 0; j < features.length; j++) {
            z[j] = (features[j] - mean[j]) / scale[j];
        }
        return sigmoid(bias + dot(weights, z));
    }

    /** Each feature's term in this prediction's log-odds: its weight times its standardized value. */
    public double[] contributions(double[] features) {
        double[] out = new double[features.length];
        for (int j = 0; j < features.length; j++) {
            out[j] = weights[j] * (features[j] - mean[j]) / scale[j];
        }
        return out;
    }

    /** Weights on the standardized features: the sign and size of each factor's effect. */
    public double[] weights() {
        return Arrays.copyOf(weights, weights.length);
    }

    /** Area under the ROC curve: the chance a random positive scores above a random negative (ties half). */
    public static double auc(double[] scores, int[] labels) {
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            return 0.5;
        }
        // rank-sum (Mann-Whitney), ties sharing their mean rank: n log n, for held-out sets of any size
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRanks = 0;
        for (int i = 0; i < order.length;) {
            int j = i;
            while (j < order.length && Double.compare(scores[order[j]], scores[order[i]]) == 0) {
                j++;
            }
            double rank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                positiveRanks += labels[order[k]] == 1 ? rank : 0;
            }
            i = j;
        }
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static double sigmoid(double t) {
        return 1 / (1 + Math.exp(-t));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
