package com.hotcrm.records.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.hotcrm.data.metadata.ObjectTableDdl.Index;
import com.hotcrm.data.metadata.SchemaRepository;
import com.hotcrm.data.metadata.SchemaRepository.IndexState;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Builds the indexes of tables that may already hold rows with {@code CREATE INDEX CONCURRENTLY}, after the
 * metadata transaction committed (it cannot run inside one), so writes to a big table go on while it builds.
 * A failed concurrent build leaves an invalid index behind: it is dropped and the build tried again. Until an
 * index is valid its field works but is not yet fast to filter on, and a unique field is not yet guarded by
 * the database; {@link #statuses} tells clients which state each index is in. Once an index is valid, the
 * index of an earlier version it replaces (a single-column index where the sort index is now on
 * {@code (column, id)}) is dropped concurrently too, so upgrading a big installation blocks no writes.
 */
@ApplicationScoped
public class IndexBuilder {

    public static final String READY = "ready";
    public static final String BUILDING = "building";
    public static final String FAILED = "failed";

    private static final Logger LOG = Logger.getLogger(IndexBuilder.class);
    private static final int ATTEMPTS = 3;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final Pool pool;
    private final SchemaRepository schema;
    /** Builds this replica was asked for and has not finished: "building" before the statement even starts. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    IndexBuilder(Pool pool, SchemaRepository schema) {
        this.pool = pool;
        this.schema = schema;
    }

    /** Starts building, one index after the other, the given indexes that are not valid yet; returns at once. */
    public void buildInBackground(List<Index> indexes) {
        if (indexes.isEmpty()) {
            return;
        }
        indexes.forEach(index -> pending.add(index.name()));
        build(indexes).subscribe().with(done -> {
        }, failure -> LOG.errorf(failure, "Index builds stopped"));
    }

    /** Builds the given indexes that are not valid yet; completes when each is built or has failed for good. */
    public Uni<Void> build(List<Index> indexes) {
        indexes.forEach(index -> pending.add(index.name()));
        return Multi.createFrom().iterable(indexes)
                .onItem().transformToUniAndConcatenate(index -> attempt(index, 1)
                        .onTermination().invoke(() -> pending.remove(index.name())))
                .collect().last().replaceWithVoid();
    }

    /** Each index's state: {@code ready}, {@code building} or {@code failed} (missing, or left invalid). */
    public Uni<Map<String, String>> statuses(List<Index> indexes) {
        return schema.indexStates(pool, indexes.stream().map(Index::name).toList()).map(states -> {
            Map<String, String> out = new LinkedHashMap<>();
            for (Index index : indexes) {
                out.put(index.name(), status(states.get(index.name()), pending.contains(index.name())));
            }
            return out;
        });
    }

    /** The index of an earlier version this one replaces goes once this one is valid (it only cost writes). */
    private Uni<Void> dropReplaced(Index index) {
        return schema.executeAlone(pool, index.dropReplacedConcurrently())
                .invoke(() -> LOG.infof("Index %s on %s replaced %s", index.name(), index.table(), index.replaces()));
    }

    static String status(IndexState state, boolean pendingHere) {
        if (state != null && state.valid()) {
            return READY;
        }
        if (pendingHere || (state != null && state.building())) {
            return BUILDING;
        }
        return FAILED;
    }

    private Uni<Void> attempt(Index index, int attempt) {
        List<String> names = index.replaces() == null ? List.of(index.name()) : List.of(index.name(), index.replaces());
        return schema.indexStates(pool, names).flatMap(states -> {
            IndexState state = states.get(index.name());
            boolean replacedExists = index.replaces() != null && states.containsKey(index.replaces());
            if (state != null && state.building()) {
                return Uni.createFrom().voidItem(); // another replica is building it (and drops what it replaces)
            }
            if (state != null && state.valid()) {
                return replacedExists ? dropReplaced(index) : Uni.createFrom().voidItem();
            }
            Uni<Void> clear = state == null ? Uni.createFrom().voidItem() : schema.executeAlone(pool, index.dropConcurrently());
            return clear.flatMap(cleared -> schema.executeAlone(pool, index.createConcurrently()))
                    .invoke(() -> LOG.infof("Index %s on %s is ready", index.name(), index.table()))
                    .flatMap(built -> replacedExists ? dropReplaced(index) : Uni.createFrom().voidItem());
        }).onFailure().recoverWithUni(failure -> {
            // the build's error can name data (a duplicate key): the log has it, clients see "failed"
            LOG.warnf("Building index %s on %s failed (attempt %d of %d): %s", index.name(), index.table(), attempt, ATTEMPTS,
                    failure.getMessage());
            Uni<Void> dropped = schema.executeAlone(pool, index.dropConcurrently())
                    .onFailure().invoke(e -> LOG.warnf("Dropping invalid index %s failed: %s", index.name(), e.getMessage()))
                    .onFailure().recoverWithNull();
            if (attempt >= ATTEMPTS) {
                return dropped;
            }
            return dropped.onItem().delayIt().by(RETRY_PAUSE).flatMap(d -> attempt(index, attempt + 1));
        });
    }
}
