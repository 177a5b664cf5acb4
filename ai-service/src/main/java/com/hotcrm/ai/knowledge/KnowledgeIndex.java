package com.hotcrm.ai.knowledge;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The passages of published articles with their embeddings in {@code ai.knowledge_chunk}: the durable copy
 * every replica's search index ({@link KnowledgeSearch}) is rebuilt from. An article's passages are replaced
 * in one transaction. (The embeddings are remembered for a while: this replica's own index embeds the same texts.)
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

    /** Replaces an article's passages (embedding them on a worker thread first). */
    public Uni<Void> put(Article article) {
        List<String> passages = Chunker.passages(article.title(), article.summary(), article.body());
        return Uni.createFrom().item(() -> embedder.embedAllCached(passages))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).flatMap(vectors -> pool.withTransaction(tx -> {
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

    private static Float[] boxed(float[] vector) {
        Float[] out = new Float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = vector[i];
        }
        return out;
    }
}
