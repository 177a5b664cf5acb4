package com.hotcrm.ai.knowledge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.hotcrm.ai.config.AiConfig;
import com.hotcrm.ai.crm.CrmChange;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.event.ChangeEventConsumers;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * The knowledge index every search of this replica reads ({@link PassageIndex}), and how it stays current.
 * <ul>
 * <li><b>At start</b> it is rebuilt from {@code ai.knowledge_chunk} (the passages and embeddings
 * {@link KnowledgeIndexer} keeps, one writer for all replicas). Before reading them, the writer's committed
 * offsets are read: everything before them is in the table.</li>
 * <li><b>Then</b> a consumer of this replica's own (channel {@code knowledge-local}, a consumer group of its own,
 * nothing committed) starts at those offsets and applies every KnowledgeArticle change to the index as it
 * comes: so every replica follows every change, whichever replica's writer stored it. Events the table
 * already had come again and are applied again, which changes nothing. Every event it reads is also fired as a
 * {@link CrmChange}, for the caches of CRM reads to drop what it made stale.</li>
 * </ul>
 * Until the rebuild is done the service is not ready ({@code /q/health/ready}) and searches wait for it.
 */
@ApplicationScoped
public class KnowledgeSearch {

    private static final Logger LOG = Logger.getLogger(KnowledgeSearch.class);
    static final int LOAD_PAGE = 500;
    static final Duration SEARCH_WAIT = Duration.ofSeconds(30);

    private final KnowledgeIndex store;
    private final ChangeEventConsumers events;
    private final String writerGroup;
    private final Optional<Path> directory;
    private final CompletableFuture<Map<TopicPartition, Long>> startOffsets = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** The offset of the last event this replica's feed went past, per partition. */
    private final Map<TopicPartition, Long> applied = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile PassageIndex index;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    KafkaClientService kafkaClients;

    @Inject
    jakarta.enterprise.event.Event<CrmChange> changes;

    KnowledgeSearch(KnowledgeIndex store, ChangeEventConsumers events,
            @ConfigProperty(name = "mp.messaging.incoming.knowledge-changes.group.id") String writerGroup, AiConfig config) {
        this.store = store;
        this.events = events;
        this.writerGroup = writerGroup;
        this.directory = config.knowledge().indexDirectory();
    }

    void start(@Observes StartupEvent start) {
        Thread loader = new Thread(this::build, "knowledge-index-loader");
        loader.setDaemon(true);
        loader.start();
    }

    synchronized void stop(@Observes ShutdownEvent stop) {
        if (index != null) {
            index.close();
            index = null;
        }
    }

    private void build() {
        startOffsets.complete(writerOffsets());
        long started = System.nanoTime();
        for (int attempt = 1;; attempt++) {
            try {
                int passages = load();
                ready.complete(null);
                LOG.infof("Knowledge index rebuilt: %d passages in %d ms", passages, (System.nanoTime() - started) / 1_000_000);
                return;
            } catch (Exception | LinkageError e) {
                // whatever it was, this thread is the replica's only way to readiness: it never ends without an index
                LOG.warnf("Rebuilding the knowledge index failed (%s); trying again", e.toString());
                sleep(Math.min(30_000, 500L << Math.min(attempt, 6)));
            }
        }
    }

    /**
     * Reads every passage of {@code ai.knowledge_chunk} into a fresh index, which then replaces the one searched;
     * answers how many. Changes from the feed wait meanwhile, and are applied to the new index after.
     */
    synchronized int load() {
        PassageIndex fresh = new PassageIndex(directory.orElse(null));
        try {
            int count = 0;
            String lastArticle = "";
            int lastChunk = -1;
            while (true) {
                List<PassageIndex.Entry> page = store.after(lastArticle, lastChunk, LOAD_PAGE).await().atMost(Duration.ofMinutes(1));
                if (page.isEmpty()) {
                    break;
                }
                fresh.add(page);
                count += page.size();
                PassageIndex.Entry last = page.get(page.size() - 1);
                lastArticle = last.articleId();
                lastChunk = last.chunkNo();
            }
            fresh.refresh();
            PassageIndex old = index;
            index = fresh;
            if (old != null) {
                // a search that took the old one a moment ago finishes on it first
                CompletableFuture.delayedExecutor(1, TimeUnit.MINUTES).execute(old::close);
            }
            return count;
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
    }

    /**
     * The offsets {@link KnowledgeIndexer}'s group has committed: the table holds everything before them. Empty (so
     * this replica reads the topic from its start) when the broker cannot say within a minute.
     */
    private Map<TopicPartition, Long> writerOffsets() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.keySet().removeIf(key -> !AdminClientConfig.configNames().contains(key));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            // created on each attempt: at a pod's start the broker's name may not resolve yet, and Admin.create fails then
            try (Admin admin = Admin.create(config)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(writerGroup)
                        .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
                Map<TopicPartition, Long> offsets = new HashMap<>();
                committed.forEach((partition, offset) -> {
                    if (offset != null) {
                        offsets.put(partition, offset.offset());
                    }
                });
                return offsets;
            } catch (Exception e) {
                if (e instanceof InterruptedException || System.nanoTime() > deadline) {
                    LOG.warnf("The knowledge writer's offsets are unknown (%s): this replica reads the change topic "
                            + "from its start", e.toString());
                    return Map.of();
                }
                sleep(2_000);
            }
        }
    }

    /** The passages for a question among those the filter keeps, once the index is built. Off the event loop. */
    public Uni<List<PassageIndex.Passage>> rank(String question, float[] vector, PassageIndex.Filter filter, int limit,
            int offset) {
        // a copy: a search that gives up (or a client that leaves) cancels its own stage, never the replica's
        return Uni.createFrom().completionStage(ready::copy).ifNoItem().after(SEARCH_WAIT)
                .failWith(() -> new com.hotcrm.ai.rest.AiUnavailable("The knowledge index is still being built after a start; try again in a minute"))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(done -> index.search(question, vector, filter, limit, offset));
    }

    /** Applies one article's passages (computed by the caller) now, on this replica. */
    public synchronized void replace(String articleId, List<PassageIndex.Entry> passages) {
        if (index != null) {
            index.replace(articleId, passages);
        }
    }

    /**
     * Rebuilds this replica's index from the table (after an admin's reindex). The feed may have been ahead of the
     * table's writer: it is taken back to the writer's offsets read before the rebuild (where it was, when that is
     * earlier), so that no change applied to the old index is missing from the new one.
     */
    public Uni<Integer> reload() {
        return Uni.createFrom().item(() -> {
            Map<TopicPartition, Long> writer = writerOffsets();
            int count = load();
            return new Object[] { writer, count };
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).flatMap(done -> {
            @SuppressWarnings("unchecked")
            Map<TopicPartition, Long> writer = (Map<TopicPartition, Long>) done[0];
            return kafkaClients.getConsumer("knowledge-local").runOnPollingThread(consumer -> {
                for (TopicPartition partition : consumer.assignment()) {
                    Long from = writer.get(partition);
                    Long after = applied.get(partition);
                    if (from == null) {
                        consumer.seekToBeginning(List.of(partition));
                        applied.remove(partition);
                        continue;
                    }
                    long position = after == null ? from : Math.min(from, after + 1);
                    consumer.seek(partition, position);
                    applied.put(partition, position - 1);
                }
                return (Integer) done[1];
            });
        });
    }

    /** Where this replica's feed starts: the writer's offsets when the rebuild began (waited for, up to two minutes). */
    Map<TopicPartition, Long> startOffsets() {
        // a copy: the wait gives up on its own, under Kafka's five-minute poll limit, and the offsets stay for later assignments
        return startOffsets.copy().orTimeout(3, TimeUnit.MINUTES).exceptionally(e -> Map.of()).join();
    }

    /** The offset of the last event of a partition this replica's feed went past; null before the first. */
    Long appliedUpTo(TopicPartition partition) {
        return applied.get(partition);
    }

    public boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** This replica's consumer of the change topic: every KnowledgeArticle change, applied to its own index. */
    @Incoming("knowledge-local")
    public Uni<Void> follow(ConsumerRecord<String, String> record) {
        return apply(record).invoke(() -> applied.merge(new TopicPartition(record.topic(), record.partition()), record.offset(),
                Math::max));
    }

    private Uni<Void> apply(ConsumerRecord<String, String> record) {
        ChangeEvent event;
        try {
            event = events.parse(record.value());
        } catch (IllegalArgumentException e) {
            // the writer parks it as a dead letter; here there is nothing to do with it
            return Uni.createFrom().voidItem();
        }
        try {
            // every replica sees every change here: its caches of CRM reads drop what the change made stale
            changes.fire(new CrmChange(event));
        } catch (RuntimeException e) {
            LOG.warnf("A cache did not take change %s: %s", event.id(), e.toString());
        }
        if (!KnowledgeIndexer.OBJECT.equals(event.object())) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(ready::copy).emitOn(Infrastructure.getDefaultWorkerPool()).map(done -> {
            String id = event.data().id();
            try {
                Optional<KnowledgeIndex.Article> article = KnowledgeIndexer.articleOf(event);
                replace(id, article.map(store::passages).orElse(List.of()));
            } catch (RuntimeException e) {
                // fail closed: an article whose change cannot be applied is not served in an older version; it comes
                // back with its next change (or the next start). The writer retries and parks the event.
                LOG.warnf("Knowledge change %s not applied to this replica's index (%s): article %s is left out of it",
                        event.id(), e.toString(), id);
                try {
                    if (id != null) {
                        replace(id, List.of());
                    }
                } catch (RuntimeException again) {
                    LOG.errorf("Article %s could not be taken out of this replica's index either: %s", id, again.toString());
                }
            }
            return null;
        }).replaceWithVoid();
    }

    /**
     * Where {@code knowledge-local} reads from on each assignment: after the last event it applied to a partition, else
     * the writer's offset when the rebuild began, else the partition's start. (Its group commits nothing, so without
     * this an assignment after a broker restart would read the whole topic again.)
     */
    @ApplicationScoped
    @Identifier("knowledge-local-start")
    static class Start implements KafkaConsumerRebalanceListener {

        private final KnowledgeSearch search;

        Start(KnowledgeSearch search) {
            this.search = search;
        }

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> offsets = search.startOffsets();
            for (TopicPartition partition : partitions) {
                Long applied = search.appliedUpTo(partition);
                Long offset = applied != null ? Long.valueOf(applied + 1) : offsets.get(partition);
                if (offset != null) {
                    consumer.seek(partition, offset);
                } else {
                    consumer.seekToBeginning(List.of(partition));
                }
            }
        }
    }

    /** Not ready until the index is rebuilt: a replica that would answer from an empty index takes no traffic. */
    @Readiness
    @ApplicationScoped
    static class Ready implements HealthCheck {

        private final KnowledgeSearch search;

        Ready(KnowledgeSearch search) {
            this.search = search;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("knowledge-index").status(search.isReady()).build();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
