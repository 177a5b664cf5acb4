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
 * {@value #K} most similar ones (TF-IDF cosine over subject and description, weighted by similarity);
 * otherwise keyword rules. Confidence is the winning share of the vote (rules: 50).
 */
public final class CaseClassifier {

    public static final int MIN_HISTORY = 10;
    static final int K = 7;

    /** A closed case: its text, type and priority. */
    public record Example(String text, String type, String priority) {
    }

    public record Prediction(String type, String priority, int confidence, String method) {
    }

    private static final Pattern INCIDENT = Pattern.compile("crash|down|outage|not responding|unavailable|error|fail", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUESTION = Pattern.compile("\\bhow\\b|\\bwhat\\b|\\bwhere\\b|question|\\?|can i", Pattern.CASE_INSENSITIVE);
    private static final Pattern FEATURE = Pattern.compile("feature|would like|request|suggest|add support|wish", Pattern.CASE_INSENSITIVE);
    private static final Pattern CRITICAL = Pattern.compile("critical|all users|production|outage|urgent|data loss", Pattern.CASE_INSENSITIVE);
    private static final Pattern HIGH = Pattern.compile("cannot|can't|broken|blocked|fail|crash|error", Pattern.CASE_INSENSITIVE);

    private final List<Example> examples;
    private final TextVectors vectors;
    private final List<Map<String, Double>> embedded;

    private CaseClassifier(List<Example> examples) {
        this.examples = examples;
        this.vectors = TextVectors.of(examples.stream().map(Example::text).toList());
        this.embedded = examples.stream().map(e -> vectors.vector(e.text())).toList();
    }

    public static CaseClassifier fit(List<Example> history) {
        return new CaseClassifier(history.stream().filter(e -> e.type() != null).toList());
    }

    public Prediction predict(String text) {
        if (examples.size() < MIN_HISTORY) {
            return new Prediction(ruleType(text), rulePriority(text), 50, "keyword rules");
        }
        Map<String, Double> query = vectors.vector(text);
        List<Integer> nearest = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            nearest.add(i);
        }
        double[] similarity = embedded.stream().mapToDouble(v -> TextVectors.cosine(query, v)).toArray();
        nearest.sort(Comparator.comparingDouble((Integer i) -> -similarity[i]));
        List<Integer> top = nearest.subList(0, Math.min(K, nearest.size()));
        if (top.stream().allMatch(i -> similarity[i] == 0)) {
            return new Prediction(ruleType(text), rulePriority(text), 40, "keyword rules (no similar case)");
        }
        Map<String, Double> types = new HashMap<>();
        Map<String, Double> priorities = new HashMap<>();
        double total = 0;
        for (int i : top) {
            double weight = similarity[i] + 1e-6;
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
