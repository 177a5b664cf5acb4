package com.hotcrm.ai.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Type and priority of a new case: with at least {@value #MIN_HISTORY} closed cases, a vote of the
 * {@value #K} nearest ones (cosine similarity of the sentence embeddings of subject and description,
 * weighted by similarity); otherwise keyword rules. Confidence is the winning share of the vote (rules: 50).
 * Embedding is blocking CPU work: fit and predict on a worker thread.
 */
public final class CaseClassifier {

    public static final int MIN_HISTORY = 10;
    static final int K = 7;

    /** A closed case: its text, type and priority. */
    public record Example(String text, String type, String priority) {
    }

    public record Prediction(String type, String priority, int confidence, String method) {
    }

    /** Unit-length embeddings of texts (the cosine similarity of two is their dot product). */
    public interface Embeddings {
        List<float[]> of(List<String> texts);
    }

    private static final Pattern INCIDENT = Pattern.compile("crash|down|outage|not responding|unavailable|error|fail", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUESTION = Pattern.compile("\\bhow\\b|\\bwhat\\b|\\bwhere\\b|question|\\?|can i", Pattern.CASE_INSENSITIVE);
    private static final Pattern FEATURE = Pattern.compile("feature|would like|request|suggest|add support|wish", Pattern.CASE_INSENSITIVE);
    private static final Pattern CRITICAL = Pattern.compile("critical|all users|production|outage|urgent|data loss", Pattern.CASE_INSENSITIVE);
    private static final Pattern HIGH = Pattern.compile("cannot|can't|broken|blocked|fail|crash|error", Pattern.CASE_INSENSITIVE);

    private final List<Example> examples;
    private final Embeddings embeddings;
    private final List<float[]> embedded;

    private CaseClassifier(List<Example> examples, Embeddings embeddings) {
        this.examples = examples;
        this.embeddings = embeddings;
        this.embedded = examples.size() < MIN_HISTORY ? List.of() : embeddings.of(examples.stream().map(Example::text).toList());
    }

    public static CaseClassifier fit(List<Example> history, Embeddings embeddings) {
        return new CaseClassifier(history.stream().filter(e -> e.type() != null).toList(), embeddings);
    }

    public Prediction predict(String text) {
        if (examples.size() < MIN_HISTORY) {
            return new Prediction(ruleType(text), rulePriority(text), 50, "keyword rules");
        }
        float[] query = embeddings.of(List.of(text)).get(0);
        List<Integer> nearest = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            nearest.add(i);
        }
        double[] similarity = embedded.stream().mapToDouble(v -> dot(query, v)).toArray();
        nearest.sort(Comparator.comparingDouble((Integer i) -> -similarity[i]));
        List<Integer> top = nearest.subList(0, Math.min(K, nearest.size()));
        if (top.stream().allMatch(i -> similarity[i] <= 0)) {
            return new Prediction(ruleType(text), rulePriority(text), 40, "keyword rules (no similar case)");
        }
        Map<String, Double> types = new HashMap<>();
        Map<String, Double> priorities = new HashMap<>();
        double total = 0;
        for (int i : top) {
            double weight = Math.max(0, similarity[i]) + 1e-6;
            total += weight;
            types.merge(examples.get(i).type(), weight, Double::sum);
            if (examples.get(i).priority() != null) {
                priorities.merge(examples.get(i).priority(), weight, Double::sum);
            }
        }
        Map.Entry<String, Double> type = best(types);
        Map.Entry<String, Double> priority = priorities.isEmpty() ? null : best(priorities);
        return new Prediction(type.getKey(), priority == null ? rulePriority(text) : priority.getKey(),
                (int) Math.round(100 * type.getValue() / total), "nearest " + top.size() + " of " + examples.size() + " closed cases");
    }

    /** The dot product: the cosine similarity of two unit vectors. */
    public static double dot(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    private static Map.Entry<String, Double> best(Map<String, Double> votes) {
        return votes.entrySet().stream().max(Map.Entry.<String, Double>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow();
    }

    static String ruleType(String text) {
        if (INCIDENT.matcher(text).find()) {
            return "Incident";
        }
        if (FEATURE.matcher(text).find()) {
            return "Feature Request";
        }
        if (QUESTION.matcher(text).find()) {
            return "Question";
        }
        return "Problem";
    }

    static String rulePriority(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (CRITICAL.matcher(lower).find()) {
            return "Critical";
        }
        if (HIGH.matcher(lower).find()) {
            return "High";
        }
        return "Medium";
    }
}
