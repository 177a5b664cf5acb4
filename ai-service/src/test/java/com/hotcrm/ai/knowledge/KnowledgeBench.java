package com.hotcrm.ai.knowledge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The knowledge search at volume: {@code ./hotcrm bench-knowledge [--passages N] [--queries Q] [--threads T]}.
 * Builds the in-process index ({@link PassageIndex}) with N passages (100,000 by default) in 20 categories, 4 per
 * article, and measures Q searches of real questions (embedded by MiniLM) with each filter a caller can get: none
 * (public sharing), a category, and a private caller's 500 articles. Prints the build time and p50 / p95 / p99 / max
 * per filter, for the index search alone and with the question's embedding.
 * <p>The passages' embeddings: 2,000 generated sentences about CRM tasks are embedded by MiniLM, and each passage's
 * vector is a random mix of two of them plus noise (normalized), so they cluster as real ones do; embedding 100,000
 * texts would take most of an hour on two cores and measure the embedder, not the index. Their words come from the
 * same two sentences, for BM25.
 */
public final class KnowledgeBench {

    static final String[] VERBS = { "export", "import", "merge", "archive", "delete", "share", "assign", "close", "convert",
            "refund", "invoice", "schedule", "escalate", "route", "forecast", "approve", "sync", "configure", "reset", "audit" };
    static final String[] THINGS = { "accounts", "contacts", "leads", "deals", "cases", "reports", "dashboards", "invoices",
            "payments", "subscriptions", "teams", "users", "passwords", "webhooks", "API tokens", "price books", "products",
            "quotes", "territories", "emails", "calendars", "tasks", "knowledge articles", "custom fields", "workflows" };
    static final String[] HOW = { "in bulk", "from a spreadsheet", "for a whole team", "every night", "with single sign-on",
            "on a mobile phone", "without losing history", "for a closed quarter", "in another currency", "by territory" };

    private KnowledgeBench() {
    }

    public static void main(String[] args) throws Exception {
        int passages = intOption(args, "--passages", 100_000);
        int queries = intOption(args, "--queries", 1_000);
        int threads = intOption(args, "--threads", 1);
        Random random = new Random(42);
        Embedder embedder = new Embedder();

        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            sentences.add("How to " + pick(random, VERBS) + " " + pick(random, THINGS) + " " + pick(random, HOW) + ".");
        }
        long t0 = System.nanoTime();
        List<float[]> bases = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i += 64) {
            bases.addAll(embedder.embedAll(sentences.subList(i, Math.min(sentences.size(), i + 64))));
        }
        System.out.printf(Locale.ROOT, "embedded %d base sentences in %d ms%n", bases.size(), ms(t0));

        PassageIndex index = new PassageIndex(null);
        t0 = System.nanoTime();
        int articles = passages / 4;
        List<PassageIndex.Entry> batch = new ArrayList<>();
        for (int p = 0; p < passages; p++) {
            int a = random.nextInt(bases.size());
            int b = random.nextInt(bases.size());
            float[] vector = mix(bases.get(a), bases.get(b), random);
            int article = p / 4;
            batch.add(new PassageIndex.Entry("kb_" + article, p % 4, "Article " + article, "Category " + (article % 20), null,
                    sentences.get(a) + " " + sentences.get(b) + " Passage " + (p % 4) + " of article " + article + ".", vector));
            if (batch.size() == 1_000) {
                index.add(batch);
                batch.clear();
            }
        }
        index.add(batch);
        index.refresh();
        System.out.printf(Locale.ROOT, "indexed %,d passages (%,d articles) in %d ms%n", index.size(), articles, ms(t0));

        List<String> questions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            questions.add("Can I " + pick(random, VERBS) + " our " + pick(random, THINGS) + " " + pick(random, HOW) + "?");
        }
        List<float[]> questionVectors = embedder.embedAll(questions);
        Set<String> mine = new HashSet<>();
        while (mine.size() < 500) {
            mine.add("kb_" + random.nextInt(articles));
        }
        List<Object[]> filters = List.of(new Object[] { "no filter (public sharing)", PassageIndex.Filter.NONE },
                new Object[] { "one category of 20", new PassageIndex.Filter("Category 7", null) },
                new Object[] { "a private caller's 500 articles", new PassageIndex.Filter(null, mine) });

        System.out.println();
        System.out.printf(Locale.ROOT, "| search, %,d passages, %d thread(s), top 40 | p50 ms | p95 ms | p99 ms | max ms |%n",
                index.size(), threads);
        System.out.println("|---|---|---|---|---|");
        for (Object[] f : filters) {
            PassageIndex.Filter filter = (PassageIndex.Filter) f[1];
            // warm-up: the JIT and the mapped pages
            run(index, questions, questionVectors, filter, Math.min(200, queries), threads, null);
            long[] latencies = run(index, questions, questionVectors, filter, queries, threads, null);
            row(f[0] + ": index", latencies);
        }
        long[] withEmbedding = run(index, questions, questionVectors, PassageIndex.Filter.NONE, Math.min(queries, 300), threads,
                embedder);
        row("no filter: embedding the question + index", withEmbedding);
        index.close();
        System.exit(0);
    }

    /** Latencies in microseconds, sorted. */
    private static long[] run(PassageIndex index, List<String> questions, List<float[]> vectors, PassageIndex.Filter filter,
            int queries, int threads, Embedder embedder) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = t;
            parts.add(pool.submit(() -> {
                long[] out = new long[(queries - from + threads - 1) / threads];
                int n = 0;
                for (int q = from; q < queries; q += threads) {
                    long start = System.nanoTime();
                    String question = questions.get(q % questions.size());
                    float[] vector = embedder == null ? vectors.get(q % vectors.size()) : embedder.embed(question);
                    index.search(question, vector, filter, 40, 0);
                    out[n++] = (System.nanoTime() - start) / 1_000;
                }
                return out;
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> part : parts) {
            long[] p = part.get();
            long[] merged = Arrays.copyOf(all, all.length + p.length);
            System.arraycopy(p, 0, merged, all.length, p.length);
            all = merged;
        }
        pool.shutdown();
        Arrays.sort(all);
        return all;
    }

    private static void row(String name, long[] sorted) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", name, at(sorted, 0.50), at(sorted, 0.95),
                at(sorted, 0.99), sorted[sorted.length - 1] / 1000.0);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1000.0;
    }

    private static float[] mix(float[] a, float[] b, Random random) {
        float[] out = new float[a.length];
        double weight = 0.5 + 0.5 * random.nextDouble();
        double norm = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (weight * a[i] + (1 - weight) * b[i] + 0.02 * random.nextGaussian());
            norm += out[i] * out[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < out.length; i++) {
            out[i] /= norm;
        }
        return out;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
