package com.hotcrm.ai.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Product recommendations from what won deals bought together (item-to-item association rules). For each product,
 * the products most often on the same won deals, with the rule's confidence (the share of its deals that also had
 * the other) and lift (that share against the other's share of all deals: above 1, bought together more than
 * chance); and the most popular products overall and per industry, the fallback. Split by time like the other
 * models: learnt from the older 80 % of won deals and measured on the newest 20 %: for each of those with two
 * products or more, one is hidden and the question is whether it is among the five recommended from the others
 * ({@code hitRate}), against recommending the five most popular.
 */
public final class CoPurchase {

    public static final int MIN_HISTORY = 10;
    /** Related products kept per product. */
    static final int RELATED = 20;
    static final int POPULAR = 100;
    static final int TOP = 5;

    /** A won deal: its products, its account's industry, when it closed. */
    public record Basket(List<String> products, String industry, LocalDate closedOn) {
    }

    /** Another product bought with one: on how many won deals together, the confidence and the lift of the rule. */
    public record Related(String product, int together, double confidence, double lift) {
    }

    /** What a trained model is, as stored in {@code ai.model.params}. */
    public record Params(int baskets, Map<String, Integer> popular, Map<String, Map<String, Integer>> popularByIndustry,
            Map<String, List<Related>> related) {
    }

    /** A product recommended: its score, and what it was bought with most ({@code with} null: popular). */
    public record Recommendation(String product, double score, String with, int together, int deals) {
    }

    private final Params params;
    private final int version;

    private CoPurchase(Params params, int version) {
        this.params = params;
        this.version = version;
    }

    public static CoPurchase of(Params params, int version) {
        return new CoPurchase(params, version);
    }

    public static CoPurchase none() {
        return new CoPurchase(null, 0);
    }

    public boolean fitted() {
        return params != null;
    }

    public int version() {
        return version;
    }

    public Params params() {
        return params;
    }

    /** The model, and hit rates at five of it and of popularity on the newest won deals. */
    public record Trained(CoPurchase model, int rows, int trainRows, Map<String, Object> metrics, Map<String, Object> baseline) {
    }

    public static Trained fit(List<Basket> baskets) {
        List<Basket> history = new ArrayList<>(baskets.stream().filter(b -> !b.products().isEmpty()).toList());
        history.sort(Comparator.comparing(Basket::closedOn, Comparator.nullsFirst(Comparator.naturalOrder())));
        if (history.size() < MIN_HISTORY) {
            return new Trained(none(), history.size(), 0, null, null);
        }
        int trainRows = history.size() - Math.max(history.size() / 5, 1);
        CoPurchase model = new CoPurchase(count(history.subList(0, trainRows)), 0);
        int asked = 0;
        int hits = 0;
        int popularHits = 0;
        for (Basket b : history.subList(trainRows, history.size())) {
            if (b.products().size() < 2) {
                continue;
            }
            List<String> products = b.products().stream().sorted().toList();
            String hidden = products.get(products.size() - 1);
            Set<String> owned = Set.copyOf(products.subList(0, products.size() - 1));
            asked++;
            hits += model.recommend(owned, b.industry(), TOP).stream().anyMatch(r -> r.product().equals(hidden)) ? 1 : 0;
            popularHits += model.popular(owned, null, TOP).stream().anyMatch(r -> r.product().equals(hidden)) ? 1 : 0;
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("rows", asked);
        metrics.put("hitRateAt5", asked == 0 ? null : Fitting.round((double) hits / asked));
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("rows", asked);
        baseline.put("hitRateAt5", asked == 0 ? null : Fitting.round((double) popularHits / asked));
        // served: learnt from every won deal
        return new Trained(new CoPurchase(count(history), 0), history.size(), trainRows, metrics, baseline);
    }

    /** Counted from the baskets as they are, with no evaluation: what answers before a version is trained. */
    public static CoPurchase counted(List<Basket> baskets) {
        return new CoPurchase(count(baskets), 0);
    }

    static Params count(List<Basket> baskets) {
        Map<String, Integer> deals = new HashMap<>();
        Map<String, Map<String, Integer>> byIndustry = new HashMap<>();
        Map<String, Map<String, Integer>> pairs = new HashMap<>();
        for (Basket b : baskets) {
            List<String> products = b.products().stream().distinct().toList();
            for (String p : products) {
                deals.merge(p, 1, Integer::sum);
                if (b.industry() != null) {
                    byIndustry.computeIfAbsent(b.industry(), k -> new HashMap<>()).merge(p, 1, Integer::sum);
                }
                for (String q : products) {
                    if (!p.equals(q)) {
                        pairs.computeIfAbsent(p, k -> new HashMap<>()).merge(q, 1, Integer::sum);
                    }
                }
            }
        }
        int n = baskets.size();
        Map<String, List<Related>> related = new HashMap<>();
        pairs.forEach((p, others) -> related.put(p, others.entrySet().stream().map(e -> {
            double confidence = (double) e.getValue() / deals.get(p);
            double lift = confidence / ((double) deals.get(e.getKey()) / n);
            return new Related(e.getKey(), e.getValue(), Fitting.round(confidence), Fitting.round(lift));
        }).sorted(Comparator.comparingDouble((Related r) -> -r.confidence() * Math.min(r.lift(), 10)).thenComparing(Related::product))
                .limit(RELATED).toList()));
        Map<String, Map<String, Integer>> industries = new HashMap<>();
        byIndustry.forEach((industry, counts) -> industries.put(industry, top(counts, RELATED)));
        return new Params(n, top(deals, POPULAR), industries, related);
    }

    private static Map<String, Integer> top(Map<String, Integer> counts, int limit) {
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer> comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * The {@code limit} best products the owner of {@code owned} does not have: those bought with what they own
     * (each scored by the rules' confidence times their lift, capped at 10, summed over what they own), then the
     * popular ones of the industry, then the popular ones overall.
     */
    public List<Recommendation> recommend(Set<String> owned, String industry, int limit) {
        Map<String, Recommendation> best = new HashMap<>();
        for (String p : owned) {
            for (Related r : params.related().getOrDefault(p, List.of())) {
                if (owned.contains(r.product()) || r.lift() <= 1) {
                    continue;
                }
                double score = r.confidence() * Math.min(r.lift(), 10);
                Recommendation before = best.get(r.product());
                Recommendation now = before == null ? new Recommendation(r.product(), score, p, r.together(), 0)
                        : new Recommendation(r.product(), before.score() + score,
                                before.together() >= r.together() ? before.with() : p, Math.max(before.together(), r.together()), 0);
                best.put(r.product(), now);
            }
        }
        List<Recommendation> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparingDouble((Recommendation r) -> -r.score()).thenComparing(Recommendation::product));
        List<Recommendation> ranked = new ArrayList<>(out.subList(0, Math.min(limit, out.size())));
        for (Recommendation r : popular(owned, industry, limit)) {
            if (ranked.size() >= limit) {
                break;
            }
            if (ranked.stream().noneMatch(x -> x.product().equals(r.product()))) {
                ranked.add(r);
            }
        }
        return ranked;
    }

    /** The most popular products the owner does not have: the industry's first, then everyone's. */
    public List<Recommendation> popular(Set<String> owned, String industry, int limit) {
        List<Recommendation> out = new ArrayList<>();
        List<Map<String, Integer>> lists = new ArrayList<>();
        if (industry != null && params.popularByIndustry().containsKey(industry)) {
            lists.add(params.popularByIndustry().get(industry));
        }
        lists.add(params.popular());
        for (Map<String, Integer> list : lists) {
            for (Map.Entry<String, Integer> e : list.entrySet()) {
                if (out.size() >= limit) {
                    return out;
                }
                if (!owned.contains(e.getKey()) && out.stream().noneMatch(r -> r.product().equals(e.getKey()))) {
                    out.add(new Recommendation(e.getKey(), 0, null, 0, e.getValue()));
                }
            }
        }
        return out;
    }
}
