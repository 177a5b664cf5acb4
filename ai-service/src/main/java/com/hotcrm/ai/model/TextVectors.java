package com.hotcrm.ai.model;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * TF-IDF vectors of short texts and their cosine similarity: the neighbours of a new case among the
 * organisation's closed cases. Words are lower-cased, split on non-letters, stop words and one-letter words
 * dropped.
 */
public final class TextVectors {

    private static final Set<String> STOP = Set.of("the", "a", "an", "and", "or", "to", "of", "in", "on", "for", "is",
            "it", "after", "with", "we", "our", "my", "i", "you", "be", "are", "was", "this", "that", "at", "as", "by",
            "from", "all", "not", "can", "cannot", "have", "has", "when", "so", "but", "if", "us", "me", "please");

    private final Map<String, Double> idf;

    private TextVectors(Map<String, Double> idf) {
        this.idf = idf;
    }

    public static TextVectors of(List<String> corpus) {
        Map<String, Integer> df = new HashMap<>();
        for (String text : corpus) {
            words(text).keySet().forEach(w -> df.merge(w, 1, Integer::sum));
        }
        Map<String, Double> idf = new HashMap<>();
        df.forEach((word, n) -> idf.put(word, Math.log((1.0 + corpus.size()) / (1.0 + n)) + 1));
        return new TextVectors(idf);
    }

    public Map<String, Double> vector(String text) {
        Map<String, Double> v = new HashMap<>();
        words(text).forEach((word, tf) -> v.put(word, tf * idf.getOrDefault(word, 1.0)));
        return v;
    }

    public static double cosine(Map<String, Double> a, Map<String, Double> b) {
        double dot = 0;
        for (Map.Entry<String, Double> e : a.entrySet()) {
            dot += e.getValue() * b.getOrDefault(e.getKey(), 0.0);
        }
        double na = Math.sqrt(a.values().stream().mapToDouble(x -> x * x).sum());
        double nb = Math.sqrt(b.values().stream().mapToDouble(x -> x * x).sum());
        return na == 0 || nb == 0 ? 0 : dot / (na * nb);
    }

    static Map<String, Integer> words(String text) {
        Map<String, Integer> counts = new HashMap<>();
        if (text == null) {
            return counts;
        }
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
            if (word.length() > 1 && !STOP.contains(word)) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return counts;
    }
}
