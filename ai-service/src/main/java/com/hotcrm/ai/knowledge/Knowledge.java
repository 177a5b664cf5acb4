package com.hotcrm.ai.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.rest.AiRequests;
import com.hotcrm.ai.llm.Narrator;
import com.hotcrm.ai.model.Engine;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.security.Caller;

import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/ai/knowledge/search} and {@code /ask}. Passages are ranked by the index (meaning and
 * words), grouped by article (an article counts with its best passage), then kept only if the caller may
 * read the article now (asked of query-service with their token: published, visible to them), reading further
 * down the ranking while too few were readable.
 * {@code ask} answers from the best article: its numbered or bulleted steps when it has them, else the
 * sentences of its best passages closest in meaning to the question; an LLM, when configured, writes the
 * answer from the same passages instead.
 */
@ApplicationScoped
public class Knowledge {

    /** Below this semantic similarity the best article is not taken as an answer. */
    static final double ANSWER_FLOOR = 0.3;
    private static final Pattern STEP = Pattern.compile("^\\s*(\\d+[.)]|[-*\u2022])\\s+.+");

    private final KnowledgeSearch index;
    private final KnowledgeAccess access;
    private final Embedder embedder;
    private final CrmData crm;
    private final Narrator narrator;

    Knowledge(KnowledgeSearch index, KnowledgeAccess access, Embedder embedder, CrmData crm, Narrator narrator) {
        this.index = index;
        this.access = access;
        this.embedder = embedder;
        this.crm = crm;
        this.narrator = narrator;
    }

    /** An article found, with its best passage. */
    record Hit(PassageIndex.Passage best, List<PassageIndex.Passage> passages) {
        double relevance() {
            return Math.round(Math.min(1, Math.max(0, best.score())) * 100) / 100.0;
        }
    }

    public Uni<Map<String, Object>> search(String auth, Caller caller, AiRequests.KnowledgeSearch body) {
        String query = body.query().strip();
        String category = body.category();
        int limit = body.limit() == null ? 10 : body.limit();
        return find(auth, caller, query, category, limit).map(hits -> {
            List<Map<String, Object>> results = new ArrayList<>();
            for (Hit hit : hits) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("id", hit.best().articleId());
                r.put("title", hit.best().title());
                r.put("summary", summary(hit.best()));
                r.put("relevance", hit.relevance());
                r.put("category", hit.best().category());
                results.add(r);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("results", results);
            out.put("engine", Engine.BUILTIN);
            return out;
        });
    }

    public Uni<Map<String, Object>> ask(String auth, Caller caller, AiRequests.KnowledgeAsk body) {
        String question = body.question().strip();
        String category = body.category();
        int maxResults = body.maxResults() == null ? 5 : body.maxResults();
        return find(auth, caller, question, category, maxResults).flatMap(hits -> {
            List<Map<String, Object>> sources = new ArrayList<>();
            for (Hit hit : hits) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("id", hit.best().articleId());
                s.put("title", hit.best().title());
                s.put("relevance", hit.relevance());
                s.put("url", "/knowledge/" + hit.best().articleId());
                sources.add(s);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            if (hits.isEmpty() || hits.get(0).best().semantic() < ANSWER_FLOOR) {
                out.put("answer", "No published article answers this question"
                        + (category == null ? "" : " in category " + category) + "; try other words, or ask support.");
                out.put("sources", sources);
                out.put("confidence", hits.isEmpty() ? 0 : confidence(hits));
                out.put("engine", Engine.BUILTIN);
                return Uni.createFrom().item(out);
            }
            int confidence = confidence(hits);
            return extract(question, hits.get(0)).flatMap(builtin -> {
                out.put("answer", builtin);
                out.put("sources", sources);
                out.put("confidence", confidence);
                out.put("engine", Engine.BUILTIN);
                List<Map<String, String>> passages = new ArrayList<>();
                for (Hit hit : hits.subList(0, Math.min(3, hits.size()))) {
                    for (PassageIndex.Passage p : hit.passages()) {
                        passages.add(Map.of("articleId", p.articleId(), "title", p.title(), "text", p.content()));
                    }
                }
                return narrator.rewrite(out, Map.of("question", question, "passages", passages), "Answer the question "
                        + "from the knowledge base passages only; keep numbered steps when the passages have them.",
                        Map.of("answer", Narrator.Kind.TEXT));
            });
        });
    }

    /**
     * Confidence 0–100: how close in meaning the best article is (similarity 0.3 → 0, 0.8 and above → 100),
     * lowered when the runner-up is nearly as close (the question may be about either).
     */
    static int confidence(List<Hit> hits) {
        double best = hits.get(0).best().semantic();
        double closeness = Math.min(1, Math.max(0, (best - ANSWER_FLOOR) / 0.5));
        double margin = hits.size() < 2 ? 1 : Math.min(1, Math.max(0, (best - hits.get(1).best().semantic()) / 0.1));
        return (int) Math.round(100 * closeness * (0.7 + 0.3 * margin));
    }

    /** The built-in answer: the best article's steps, else its sentences nearest the question. */
    private Uni<String> extract(String question, Hit hit) {
        List<String> steps = new ArrayList<>();
        for (PassageIndex.Passage p : hit.passages()) {
            for (String line : p.content().split("\\n")) {
                if (STEP.matcher(line).matches() && !steps.contains(line.strip())) {
                    steps.add(line.strip());
                }
            }
        }
        if (steps.size() >= 2) {
            StringBuilder answer = new StringBuilder("From \"" + hit.best().title() + "\":");
            int n = 1;
            for (String step : steps) {
                answer.append('\n').append(n++).append(". ").append(step.replaceFirst("^\\s*(\\d+[.)]|[-*\u2022])\\s+", ""));
            }
            return Uni.createFrom().item(answer.toString());
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (PassageIndex.Passage p : hit.passages()) {
            List<String> sentences = Chunker.sentences(p.content());
            // the first line of a passage is the article's title
            candidates.addAll(sentences.subList(Math.min(1, sentences.size()), sentences.size()));
        }
        List<String> sentences = new ArrayList<>(candidates).subList(0, Math.min(40, candidates.size()));
        if (sentences.isEmpty()) {
            return Uni.createFrom().item(hit.best().title());
        }
        List<String> texts = new ArrayList<>(sentences);
        texts.add(question);
        return embedder.embedAllAsync(texts).map(vectors -> {
            float[] q = vectors.get(vectors.size() - 1);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < sentences.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble(i -> -Embedder.similarity(vectors.get(i), q)));
            List<Integer> chosen = new ArrayList<>(order.subList(0, Math.min(3, order.size())));
            chosen.sort(Integer::compareTo); // in the article's order
            StringBuilder answer = new StringBuilder();
            for (int i : chosen) {
                answer.append(answer.length() == 0 ? "" : " ").append(sentences.get(i));
            }
            return answer.toString();
        });
    }

    /** Rounds of ranked passages read, at most, to find {@code limit} articles the caller may read. */
    static final int MAX_ROUNDS = 8;

    /**
     * Ranked articles the caller may read, best first, at most {@code limit}. The index searches only the articles
     * the caller's access lets through ({@link KnowledgeAccess}: inside the search, before taking the top k), in
     * rounds of passages, best first; after each, the new articles are checked with query-service as the caller (an
     * access change of the last seconds, an article unpublished a moment ago), and the next round is read only while
     * fewer than {@code limit} readable ones were found (at most {@value #MAX_ROUNDS} rounds).
     */
    private Uni<List<Hit>> find(String auth, Caller caller, String query, String category, int limit) {
        int round = Math.max(8, limit * 4);
        return access.scope(auth, caller, category).flatMap(scope -> embedder.embedAsync(query)
                .flatMap(vector -> collect(auth, query, vector, scope, limit, round, 0, new ArrayList<>(), new java.util.HashSet<>())));
    }

    /**
     * One round: the best {@code offset + round} passages (searched anew with the larger k, not paged: the fused
     * ranking of a larger k may put a passage above the earlier rounds' last), less the articles already checked.
     */
    private Uni<List<Hit>> collect(String auth, String query, float[] vector, KnowledgeAccess.Scope scope, int limit, int round,
            int offset, List<Hit> found, Set<String> checked) {
        return index.rank(query, vector, scope.filter(), offset + round, 0).flatMap(passages -> {
            Map<String, List<PassageIndex.Passage>> byArticle = new LinkedHashMap<>();
            for (PassageIndex.Passage p : passages) {
                if (!checked.contains(p.articleId())) {
                    byArticle.computeIfAbsent(p.articleId(), k -> new ArrayList<>()).add(p);
                }
            }
            boolean more = passages.size() == offset + round && offset / round + 1 < MAX_ROUNDS;
            if (byArticle.isEmpty()) {
                return more ? collect(auth, query, vector, scope, limit, round, offset + round, found, checked)
                        : Uni.createFrom().item(found);
            }
            checked.addAll(byArticle.keySet());
            List<Object> ids = new ArrayList<>(byArticle.keySet());
            // which of them the caller may read now, and are still published: this replica's index may lag a change
            // (IsPublished is left out of the filter only for a role from which an admin hid it: query-service would
            // refuse the filter)
            List<List<Object>> filters = new ArrayList<>();
            filters.add(List.of("Id", "in", ids));
            if (scope.checkPublished()) {
                filters.add(List.of("IsPublished", "=", true));
            }
            return crm.all(auth, crm.query("KnowledgeArticle", List.of("Id"), filters, null), ids.size())
                    .flatMap(visible -> {
                        Set<String> readable = new java.util.HashSet<>();
                        visible.forEach(r -> readable.add(r.path("Id").asText()));
                        for (Map.Entry<String, List<PassageIndex.Passage>> e : byArticle.entrySet()) {
                            if (readable.contains(e.getKey()) && found.size() < limit) {
                                found.add(new Hit(e.getValue().get(0), e.getValue().subList(0, Math.min(3, e.getValue().size()))));
                            }
                        }
                        return found.size() < limit && more
                                ? collect(auth, query, vector, scope, limit, round, offset + round, found, checked)
                                : Uni.createFrom().item(found);
                    });
        });
    }

    private static String summary(PassageIndex.Passage best) {
        if (best.summary() != null && !best.summary().isBlank()) {
            return best.summary();
        }
        String content = best.content().substring(Math.min(best.content().length(), best.title().length())).strip();
        return content.length() <= 200 ? content : content.substring(0, 197).strip() + "...";
    }
}
