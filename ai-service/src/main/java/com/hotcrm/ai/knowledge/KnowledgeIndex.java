package com.hotcrm.ai.knowledge;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The passages of published articles in {@code ai.knowledge_chunk}, and their hybrid ranking: the cosine
 * similarity of the question's embedding with each passage's (a dot product in SQL, over real[]), and
 * PostgreSQL full-text relevance of any of the question's words ({@code ts_rank_cd}, normalized to 0–1).
 * An article's passages are replaced in one transaction.
 */
@ApplicationScoped
public class KnowledgeIndex {

    /** Weight of meaning against words in the hybrid score. */
    static final double SEMANTIC_WEIGHT = 0.8;

    /** An article as indexed. */
    public record Article(String id, String title, String category, String summary, String body) {
    }

    /** One ranked passage. */
    public record Passage(String articleId, int chunkNo, String title, String category, String summary,
            String content, double semantic, double lexical) {
        public double score() {
            return SEMANTIC_WEIGHT * Math.max(0, semantic) + (1 - SEMANTIC_WEIGHT) * lexical;
        }
    }

    private static final String RANK = """
            WITH q AS (SELECT $1::real[] AS v,
                              replace(plainto_tsquery('english', $2)::text, ' & ', ' | ') AS words)
            SELECT * FROM (
                SELECT c.article_id, c.chunk_no, c.title, c.category, c.summary, c.content,
                       (SELECT sum(a::float8 * b::float8) FROM unnest(c.embedding, q.v) AS x(a, b)) AS semantic,
                       CASE WHEN q.words = '' THEN 0 ELSE ts_rank_cd(c.search, q.words::tsquery, 32) END AS lexical
                  FROM ai.knowledge_chunk c, q
                 WHERE ($3::text IS NULL OR c.category = $3)) scored
             ORDER BY %s * coalesce(semantic, 0) + %s * lexical DESC, article_id, chunk_no
             LIMIT $4 OFFSET $5
            """.formatted(SEMANTIC_WEIGHT, 1 - SEMANTIC_WEIGHT);

    private final Pool pool;
    private final Embedder embedder;

    KnowledgeIndex(Pool pool, Embedder embedder) {
        this.pool = pool;
        this.embedder = embedder;
    }

    /** Replaces an article's passages (embedding them on a worker thread first). */
    public Uni<Void> put(Article article) {
        List<String> passages = Chunker.passages(article.title(), article.summary(), article.body());
        return embedder.embedAllAsync(passages).flatMap(vectors -> pool.withTransaction(tx -> {
            List<Tuple> rows = new ArrayList<>();
            for (int i = 0; i < passages.size(); i++) {
                rows.add(Tuple.tuple().addString(article.id()).addInteger(i).addString(article.title())
                        .addString(article.category()).addString(article.summary()).addString(passages.get(i))
                        .addArrayOfFloat(boxed(vectors.get(i))));
            }
            return tx.preparedQuery("DELETE FROM ai.knowledge_chunk WHERE article_id = $1").execute(Tuple.of(article.id()))
                    .flatMap(deleted -> tx.preparedQuery("""
                            INSERT INTO ai.knowledge_chunk (article_id, chunk_no, title, category, summary, content, embedding)
                            VALUES ($1, $2, $3, $4, $5, $6, $7)""").executeBatch(rows));
        })).replaceWithVoid();
    }

    public Uni<Void> remove(String articleId) {
        return pool.preparedQuery("DELETE FROM ai.knowledge_chunk WHERE article_id = $1").execute(Tuple.of(articleId))
                .replaceWithVoid();
    }

    /** Removes every article not in {@code keep}; what a full reindex leaves behind. */
    public Uni<Integer> retainOnly(List<String> keep) {
        return pool.preparedQuery("DELETE FROM ai.knowledge_chunk WHERE NOT (article_id = ANY($1))")
                .execute(Tuple.of(keep.toArray(String[]::new))).map(rows -> rows.rowCount());
    }

    /** The best {@code limit} passages for a question, best first. */
    public Uni<List<Passage>> rank(String question, float[] embedding, String category, int limit) {
        return rank(question, embedding, category, limit, 0);
    }

    /** The passages ranked {@code offset + 1} to {@code offset + limit} for a question, best first. */
    public Uni<List<Passage>> rank(String question, float[] embedding, String category, int limit, int offset) {
        return pool.preparedQuery(RANK).execute(Tuple.of(boxed(embedding), question, category, limit, offset))
                .map(rows -> {
                    List<Passage> out = new ArrayList<>();
                    for (Row row : rows) {
                        Double semantic = row.getDouble("semantic");
                        out.add(new Passage(row.getString("article_id"), row.getInteger("chunk_no"), row.getString("title"),
                                row.getString("category"), row.getString("summary"), row.getString("content"),
                                semantic == null ? 0 : semantic, row.getDouble("lexical")));
                    }
                    return out;
                });
    }

    private static Float[] boxed(float[] vector) {
        Float[] out = new Float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = vector[i];
        }
        return out;
    }
}
