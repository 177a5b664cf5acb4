package com.hotcrm.ai.knowledge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.service.Insights;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.event.ChangeEvent;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Keeps the knowledge index current. From {@value ChangeEvent#TOPIC} (its own consumer group, from the
 * earliest event on first start): a published KnowledgeArticle created or updated is (re)indexed, one
 * deleted or unpublished is removed; other objects are skipped. The message is acknowledged once the index
 * is written; a database outage is waited out. {@link #reindex} rebuilds everything from the articles
 * themselves (for articles older than the topic's retention, or after changing the model).
 */
@ApplicationScoped
public class KnowledgeIndexer {

    private static final Logger LOG = Logger.getLogger(KnowledgeIndexer.class);
    static final String OBJECT = "KnowledgeArticle";

    private final KnowledgeIndex index;
    private final CrmData crm;
    private final ObjectMapper json;

    KnowledgeIndexer(KnowledgeIndex index, CrmData crm, ObjectMapper json) {
        this.index = index;
        this.crm = crm;
        this.json = json;
    }

    @Incoming("knowledge-changes")
    public Uni<Void> consume(String payload) {
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (Exception e) {
            LOG.errorf("Skipping a record change that is not JSON: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        JsonNode data = event.path("data");
        if (!OBJECT.equals(data.path("object").asText())) {
            return Uni.createFrom().voidItem();
        }
        String id = data.path("id").asText("");
        if (id.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        JsonNode record = data.path("record");
        boolean deleted = ChangeEvent.Kind.DELETED.type().equals(event.path("type").asText());
        Uni<Void> work = deleted || !record.path("IsPublished").asBoolean(false) || !record.hasNonNull("Title")
                ? index.remove(id)
                : index.put(article(id, record));
        return work.onFailure().invoke(e -> LOG.warnf("Could not index article %s, retrying: %s", id, e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely();
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
                            .map(removed -> Map.<String, Object>of("indexed", ids.size(), "removed", removed,
                                    "engine", Insights.ENGINE));
                });
    }

    private static KnowledgeIndex.Article article(String id, JsonNode record) {
        if (!record.hasNonNull("Title")) {
            throw CrmException.validation("Title", "Article " + id + " has no title");
        }
        return new KnowledgeIndex.Article(id, record.path("Title").asText(), record.path("Category").asText(null),
                record.path("Summary").asText(null), record.path("Body").asText(null));
    }
}
