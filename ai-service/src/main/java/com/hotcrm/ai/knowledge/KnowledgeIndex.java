package com.hotcrm.ai.knowledge;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The passages of published articles with their embeddings in {@code ai.knowledge_chunk}: the durable copy
 * every replica's search index ({@link KnowledgeSearch}) is rebuilt from. An article's passages are replaced
 * in one transaction. Every statement on that table is here.
 */
@ApplicationScoped
public class KnowledgeIndex {

    /** An article as indexed. */
    public record Article(String id, String title, String category, String summary, String body) {
    }

    private final Pool pool;
    private final Embedder embedder;

    KnowledgeIndex(Pool pool, Embedder embedder) {
        this.pool = pool;
        this.embedder = embedder;
    }

    /**
     * An article cut into passages, each with its embedding: what the table stores and every replica's index holds.
     * Blocking (the embedding): call from a worker thread. The embeddings are remembered for a while, so the writer and
     * this replica's own index embed an article once between them.
     */
    public List<PassageIndex.Entry> passages(Article article) {
        List<String> passages = Chunker.passages(article.title(), article.summary(), article.body());
        List<float[]> vectors = embedder.embedAllCached(passages);
        List<PassageIndex.Entry> out = new ArrayList<>(passages.size());
        for (int i = 0; i < passages.size(); i++) {
            out.add(new PassageIndex.Entry(article.id(), i, article.title(), article.category(), article.summary(),
                    passages.get(i), vectors.get(i)));
        }
        return out;
    }

    /** Replaces an article's passages (embedding them on a worker thread first). */
    public Uni<Void> put(Article article) {
        return Uni.createFrom().item(() -> passages(article))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).flatMap(passages -> pool.withTransaction(tx -> {
            List<Tuple> rows = new ArrayList<>();
            for (PassageIndex.Entry p : passages) {
                rows.add(Tuple.tuple().addString(p.articleId()).addInteger(p.chunkNo()).addString(p.title())
                        .addString(p.category()).addString(p.summary()).addString(p.content())
                        .addArrayOfFloat(boxed(p.vector())));
            }
            return tx.preparedQuery("DELETE FROM ai.knowledge_chunk WHERE article_id = $1").execute(Tuple.of(article.id()))
                    .flatMap(deleted -> tx.preparedQuery("""
                            INSERT INTO ai.knowledge_chunk (article_id, chunk_no, title, category, summary, content, embedding)
                            VALUES ($1, $2, $3, $4, $5, $6, $7)""").executeBatch(rows));
        })).replaceWithVoid();
    }

    /** Up to {@code limit} stored passages after ({@code article}, {@code chunk}) in key order: a rebuild's next page. */
    public Uni<List<PassageIndex.Entry>> after(String article, int chunk, int limit) {
        return pool.preparedQuery("""
                SELECT article_id, chunk_no, title, category, summary, content, embedding FROM ai.knowledge_chunk
                 WHERE (article_id, chunk_no) > ($1, $2) ORDER BY article_id, chunk_no LIMIT $3""")
                .execute(Tuple.of(article, chunk, limit)).map(rows -> {
                    List<PassageIndex.Entry> page = new ArrayList<>(limit);
                    for (Row row : rows) {
                        page.add(new PassageIndex.Entry(row.getString("article_id"), row.getInteger("chunk_no"),
                                row.getString("title"), row.getString("category"), row.getString("summary"),
                                row.getString("content"), unboxed(row.getArrayOfFloats("embedding"))));
                    }
                    return page;
                });
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

    private static float[] unboxed(Float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static Float[] boxed(float[] vector) {
        Float[] out = new Float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = vector[i];
        }
        return out;
    }
}
