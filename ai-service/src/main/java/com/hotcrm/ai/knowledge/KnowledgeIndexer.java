package com.hotcrm.ai.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.model.Engine;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.event.ChangeEventConsumer;
import com.hotcrm.platform.event.ChangeEventConsumers;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Keeps the knowledge index current. From {@value ChangeEvent#TOPIC} (its own consumer group, from the
 * earliest event on first start): a published KnowledgeArticle created or updated is (re)indexed, one
 * deleted or unpublished is removed; other objects are skipped without I/O. On the platform's consumer base:
 * the message is acknowledged once the index is written, a database outage is waited out, and an event
 * that keeps failing (malformed) is parked in {@code ai.dead_letter} ({@code GET /v1/admin/dead-letters/ai}).
 * This is the one writer of {@code ai.knowledge_chunk} for all replicas; each replica searches its own copy
 * ({@link KnowledgeSearch}), rebuilt from that table at start and fed from the topic.
 * {@link #reindex} rebuilds everything from the articles themselves (for articles older than the topic's retention, or after changing the model).
 */
@Singleton
public class KnowledgeIndexer extends ChangeEventConsumer {

    static final String OBJECT = "KnowledgeArticle";

    private final KnowledgeIndex index;
    private final KnowledgeSearch search;
    private final CrmData crm;

    KnowledgeIndexer(ChangeEventConsumers consumers, KnowledgeIndex index, KnowledgeSearch search, CrmData crm) {
        super("knowledge-indexer", consumers);
        this.index = index;
        this.search = search;
        this.crm = crm;
    }

    @Incoming("knowledge-changes")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return process(record.topic(), record.key(), record.value());
    }

    /** Only articles: every other record change is skipped without touching the index. */
    @Override
    protected boolean wants(ChangeEvent event) {
        return OBJECT.equals(event.object());
    }

    @Override
    protected Uni<Void> handle(ChangeEvent event) {
        return articleOf(event).map(index::put).orElseGet(() -> index.remove(event.data().id()));
    }

    /**
     * The article a KnowledgeArticle change lists, or empty when it leaves the index (deleted, unpublished, untitled).
     * IllegalArgumentException for a malformed event.
     */
    static Optional<KnowledgeIndex.Article> articleOf(ChangeEvent event) {
        String id = event.data().id();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A KnowledgeArticle change without the article's id");
        }
        Map<String, Object> record = event.data().record() == null ? Map.of() : event.data().record();
        boolean listed = !event.isDeletion() && Boolean.TRUE.equals(record.get("IsPublished")) && record.get("Title") != null;
        return listed ? Optional.of(article(id, record)) : Optional.empty();
    }

    /** Rebuilds the index from every published article the caller (an admin) reads; answers the counts. */
    public Uni<Map<String, Object>> reindex(String auth) {
        return crm.all(auth, crm.query(OBJECT, List.of("Id", "Title", "Summary", "Body", "Category"),
                List.of(List.of("IsPublished", "=", true)), null), 100_000)
                .flatMap(articles -> {
                    List<String> ids = new ArrayList<>();
                    articles.forEach(a -> ids.add(a.path("Id").asText()));
                    return Multi.createFrom().iterable(articles)
                            .onItem().transformToUniAndConcatenate(a -> index.put(article(a.path("Id").asText(), a)))
                            .collect().last()
                            .flatMap(done -> index.retainOnly(ids))
                            // this replica searches the rebuilt table at once; the others when they next start
                            .call(removed -> search.reload())
                            .map(removed -> Map.<String, Object>of("indexed", ids.size(), "removed", removed,
                                    "engine", Engine.BUILTIN));
                });
    }

    private static KnowledgeIndex.Article article(String id, Map<String, Object> record) {
        return new KnowledgeIndex.Article(id, text(id, record, "Title"), text(id, record, "Category"),
                text(id, record, "Summary"), text(id, record, "Body"));
    }

    /** A text field of an article in a change event; anything but text or null is a malformed event. */
    private static String text(String id, Map<String, Object> record, String field) {
        Object value = record.get(field);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("Article " + id + " has a " + field + " that is not text");
        }
        return (String) value;
    }

    private static KnowledgeIndex.Article article(String id, JsonNode record) {
        if (!record.hasNonNull("Title")) {
            throw CrmException.validation("Title", "Article " + id + " has no title");
        }
        return new KnowledgeIndex.Article(id, record.path("Title").asText(), record.path("Category").asText(null),
                record.path("Summary").asText(null), record.path("Body").asText(null));
    }
}
