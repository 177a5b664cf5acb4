package com.hotcrm.ai.knowledge;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The knowledge passages in an Apache Lucene index in this process: each passage's MiniLM embedding in an
 * HNSW graph (dot product of unit vectors: the cosine), and its words for BM25 (English stemming and stop
 * words). A search runs both with the same filter (category, and the articles the caller may read) inside
 * them, so the top k are taken among what the caller may see, then fuses them: {@value #SEMANTIC_WEIGHT} of
 * the cosine and the rest of the BM25 score scaled to 0–1 ({@link #LEXICAL_HALF}).
 * <p>Files are memory-mapped from a temporary directory (off the heap); the index is a copy, rebuilt from
 * {@code ai.knowledge_chunk} at start ({@link KnowledgeSearch}). Blocking: call from a worker thread.
 * Thread-safe: writes go through one {@link IndexWriter}, and every change is visible to the next search.
 */
public final class PassageIndex implements Closeable {

    /** Weight of meaning against words in the hybrid score. */
    public static final double SEMANTIC_WEIGHT = 0.8;
    /**
     * The BM25 score that counts as half of the words' part: lexical = bm25 / (bm25 + this), on an absolute scale, so
     * that weak word overlap stays a tie-breaker between passages close in meaning (two articles on nearly the same
     * task), while a question naming rare terms (an error code, a product) lifts the passages that contain them.
     */
    static final double LEXICAL_HALF = 10;

    static final String ARTICLE = "article";
    static final String CHUNK = "chunk";
    static final String CATEGORY = "category";
    static final String TITLE = "title";
    static final String SUMMARY = "summary";
    static final String CONTENT = "content";
    static final String VECTOR = "vector";

    /** A passage as indexed. */
    public record Entry(String articleId, int chunkNo, String title, String category, String summary, String content,
            float[] vector) {
    }

    /** One ranked passage: cosine similarity to the question, its BM25 score (0: not among the best by words), and that scaled to 0–1. */
    public record Passage(String articleId, int chunkNo, String title, String category, String summary,
            String content, double semantic, double bm25, double lexical) {
        public double score() {
            return SEMANTIC_WEIGHT * Math.max(0, semantic) + (1 - SEMANTIC_WEIGHT) * lexical;
        }
    }

    /**
     * What a search may return: passages of {@code category} (null: any) of the articles in {@code articles}
     * (null: every article).
     */
    public record Filter(String category, Collection<String> articles) {
        public static final Filter NONE = new Filter(null, null);

        Query query() {
            if (category == null && articles == null) {
                return null;
            }
            BooleanQuery.Builder filter = new BooleanQuery.Builder();
            if (category != null) {
                filter.add(new TermQuery(new Term(CATEGORY, category)), Occur.FILTER);
            }
            if (articles != null) {
                filter.add(new TermInSetQuery(ARTICLE, articles.stream().map(BytesRef::new).toList()), Occur.FILTER);
            }
            return filter.build();
        }

        boolean nothing() {
            return articles != null && articles.isEmpty();
        }
    }

    private final Path path;
    private final Directory directory;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;

    /** An empty index in a new temporary directory under {@code parent} (the system's when null). */
    public PassageIndex(Path parent) {
        try {
            Path under = parent == null ? Path.of(System.getProperty("java.io.tmpdir")) : Files.createDirectories(parent);
            removeAbandoned(under);
            path = Files.createTempDirectory(under, PREFIX);
            directory = new MMapDirectory(path);
            IndexWriterConfig config = new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    // a copy rebuilt at every start: never synced to disk
                    .setCommitOnClose(false)
                    // a rebuild of 100,000 passages (about 150 MB of vectors) flushes few segments: each is one HNSW graph to search
                    .setRAMBufferSizeMB(256);
            writer = new IndexWriter(directory, config);
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the knowledge index", e);
        }
    }

    static final String PREFIX = "hotcrm-knowledge-";

    /**
     * Deletes the index directories of processes that ended without closing theirs (killed, out of memory): a directory
     * whose write lock can be taken belongs to no live index (another live process's keeps its lock); one without a
     * lock file is left alone for ten minutes (its writer may be opening).
     */
    static void removeAbandoned(Path under) {
        try (var dirs = Files.newDirectoryStream(under, PREFIX + "*")) {
            for (Path dir : dirs) {
                boolean abandoned;
                if (!Files.exists(dir.resolve(IndexWriter.WRITE_LOCK_NAME))) {
                    // no writer yet: one being opened this moment, or one that died before; only an old one is left over
                    abandoned = Files.getLastModifiedTime(dir).toInstant().isBefore(java.time.Instant.now().minusSeconds(600));
                } else {
                    try (Directory old = FSDirectory.open(dir); Lock lock = old.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
                        abandoned = true;
                    } catch (IOException | RuntimeException locked) {
                        // held by another process, or by an index of this one (OverlappingFileLockException)
                        abandoned = false;
                    }
                }
                if (abandoned) {
                    deleteTree(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // nothing to clean, or not allowed to: the new index does not depend on it
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** Replaces an article's passages (none: removes it), atomically: a search sees the old ones or the new ones. */
    public void replace(String articleId, List<Entry> passages) {
        try {
            if (passages.isEmpty()) {
                writer.deleteDocuments(new Term(ARTICLE, articleId));
            } else {
                writer.updateDocuments(new Term(ARTICLE, articleId), passages.stream().map(PassageIndex::document).toList());
            }
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds passages of articles not in the index yet (a rebuild), made visible by {@link #refresh}. */
    public void add(List<Entry> passages) {
        try {
            writer.addDocuments(passages.stream().map(PassageIndex::document).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void clear() {
        try {
            writer.deleteAll();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Passages searchable now. */
    public int size() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().numDocs();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The best {@code limit} passages for a question after skipping the first {@code offset}, best first: the
     * nearest {@code offset + limit} by meaning and the best as many by words, each among the passages the
     * filter keeps, fused.
     */
    public List<Passage> search(String question, float[] vector, Filter filter, int limit, int offset) {
        if (filter.nothing()) {
            return List.of();
        }
        int k = offset + limit;
        Query within = filter.query();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                TopDocs nearest = searcher.search(new KnnFloatVectorQuery(VECTOR, vector, k, within), k);
                Map<Integer, double[]> scores = new HashMap<>();
                for (ScoreDoc hit : nearest.scoreDocs) {
                    // DOT_PRODUCT scores (1 + cosine) / 2
                    scores.put(hit.doc, new double[] { 2 * hit.score - 1, 0 });
                }
                Query words = words(question);
                if (words != null) {
                    if (within != null) {
                        words = new BooleanQuery.Builder().add(words, Occur.MUST).add(within, Occur.FILTER).build();
                    }
                    for (ScoreDoc hit : searcher.search(words, k).scoreDocs) {
                        scores.computeIfAbsent(hit.doc, d -> new double[] { Double.NaN, 0 })[1] = hit.score;
                    }
                }
                List<Passage> ranked = new ArrayList<>(scores.size());
                for (Map.Entry<Integer, double[]> e : scores.entrySet()) {
                    double[] s = e.getValue();
                    double semantic = Double.isNaN(s[0]) ? cosine(searcher, e.getKey(), vector) : s[0];
                    ranked.add(passage(searcher.storedFields().document(e.getKey()), semantic, s[1]));
                }
                ranked.sort(Comparator.comparingDouble(Passage::score).reversed()
                        .thenComparing(Passage::articleId).thenComparingInt(Passage::chunkNo));
                return ranked.size() <= offset ? List.of() : ranked.subList(offset, Math.min(k, ranked.size()));
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The question's words as BM25 terms over the passages (any of them may match); null when it has none. */
    private Query words(String question) throws IOException {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        int terms = 0;
        try (TokenStream tokens = analyzer.tokenStream(CONTENT, question)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && terms < IndexSearcher.getMaxClauseCount()) {
                any.add(new TermQuery(new Term(CONTENT, term.toString())), Occur.SHOULD);
                terms++;
            }
            tokens.end();
        }
        return terms == 0 ? null : any.build();
    }

    /** The cosine of a passage found by words alone, read from its stored vector. */
    private static double cosine(IndexSearcher searcher, int doc, float[] vector) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
        if (values == null || values.advance(doc - leaf.docBase) != doc - leaf.docBase) {
            return 0;
        }
        return VectorSimilarityFunction.DOT_PRODUCT.compare(values.vectorValue(), vector) * 2 - 1;
    }

    private static Document document(Entry entry) {
        Document doc = new Document();
        doc.add(new StringField(ARTICLE, entry.articleId(), Field.Store.YES));
        doc.add(new StoredField(CHUNK, entry.chunkNo()));
        doc.add(new StoredField(TITLE, entry.title()));
        if (entry.category() != null) {
            doc.add(new StringField(CATEGORY, entry.category(), Field.Store.YES));
        }
        if (entry.summary() != null) {
            doc.add(new StoredField(SUMMARY, entry.summary()));
        }
        doc.add(new TextField(CONTENT, entry.content(), Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, entry.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        return doc;
    }

    private static Passage passage(Document doc, double semantic, double bm25) {
        return new Passage(doc.get(ARTICLE), doc.getField(CHUNK).numericValue().intValue(), doc.get(TITLE), doc.get(CATEGORY),
                doc.get(SUMMARY), doc.get(CONTENT), semantic, bm25, bm25 / (bm25 + LEXICAL_HALF));
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
            deleteTree(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
