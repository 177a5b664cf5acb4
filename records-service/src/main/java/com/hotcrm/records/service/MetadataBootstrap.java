package com.hotcrm.records.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.data.metadata.ObjectTableDdl;
import com.hotcrm.data.metadata.SchemaRepository;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.StandardObjects;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * At start-up (after Flyway): writes the standard objects' current definitions, makes every object's
 * table match its definition, and loads the registry. Replicas starting together take turns on an
 * advisory lock, and every statement is idempotent.
 */
@ApplicationScoped
public class MetadataBootstrap {

    private static final Logger LOG = Logger.getLogger(MetadataBootstrap.class);

    private final Pool pool;
    private final MetadataRepository metadata;
    private final MetadataRegistry registry;
    private final SchemaRepository schema;
    private final IndexBuilder indexBuilder;

    MetadataBootstrap(Pool pool, MetadataRepository metadata, MetadataRegistry registry, SchemaRepository schema,
            IndexBuilder indexBuilder) {
        this.pool = pool;
        this.metadata = metadata;
        this.registry = registry;
        this.schema = schema;
        this.indexBuilder = indexBuilder;
    }

    /** The objects, and the indexes of tables that existed already: those are built concurrently, after commit. */
    private record Synchronized(List<ObjectDef> defs, List<ObjectTableDdl.Index> laterIndexes) {
    }

    void onStart(@Observes StartupEvent event) {
        Synchronized done = pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(ObjectTableDdl.DDL_LOCK))
                .flatMap(locked -> metadata.loadAll(tx))
                .flatMap(stored -> schema.tables(tx).flatMap(tables -> synchronize(tx, stored, tables)))
                .call(synced -> metadata.announceChange(tx, "*")))
                .await().atMost(Duration.ofMinutes(2));
        registry.replace(done.defs());
        LOG.infof("Metadata ready: %d objects", done.defs().size());
        // also what repairs an index a concurrent build left invalid or missing (a replica stopped mid-build)
        indexBuilder.buildInBackground(done.laterIndexes());
    }

    private Uni<Synchronized> synchronize(SqlClient tx, List<ObjectDef> stored, Set<String> existingTables) {
        Map<String, ObjectDef> storedByName = new LinkedHashMap<>();
        stored.forEach(def -> storedByName.put(def.name(), def));
        Map<String, ObjectDef> all = new LinkedHashMap<>();
        List<ObjectDef> standard = new ArrayList<>();
        for (ObjectDef def : StandardObjects.all()) {
            ObjectDef current = withCustomFields(def, storedByName.get(def.name()));
            standard.add(current);
            all.put(current.name(), current);
        }
        stored.stream().filter(ObjectDef::custom).forEach(def -> all.put(def.name(), def));
        List<ObjectDef> defs = new ArrayList<>(all.values());
        List<String> ddl = new ArrayList<>();
        List<ObjectTableDdl.Index> laterIndexes = new ArrayList<>();
        for (ObjectDef def : defs) {
            if (existingTables.contains(def.table())) {
                ddl.addAll(ObjectTableDdl.tableAndColumnsWithoutIndexes(def));
                laterIndexes.addAll(ObjectTableDdl.indexes(def));
            } else {
                ddl.addAll(ObjectTableDdl.tableAndColumns(def));
            }
        }
        defs.forEach(def -> ddl.addAll(ObjectTableDdl.foreignKeys(def)));
        return Multi.createFrom().iterable(standard)
                .onItem().transformToUniAndConcatenate(def -> metadata.save(tx, def))
                .collect().asList()
                .flatMap(saved -> execute(tx, ddl))
                .replaceWith(new Synchronized(defs, laterIndexes));
    }

    /**
     * A standard object as this version of the code defines it, plus the custom fields an admin added to it
     * (stored with its definition): without them a restart would forget those fields, leaving their columns.
     */
    private static ObjectDef withCustomFields(ObjectDef code, ObjectDef stored) {
        ObjectDef merged = code;
        if (stored != null) {
            for (FieldDef field : stored.fields()) {
                if (field.name().endsWith("__c") && merged.field(field.name()).isEmpty()) {
                    merged = merged.withField(field);
                }
            }
        }
        return merged;
    }

    static Uni<Void> execute(SqlClient tx, List<String> statements) {
        return Multi.createFrom().iterable(statements)
                .onItem().transformToUniAndConcatenate(sql -> tx.query(sql).execute())
                .collect().last().replaceWithVoid();
    }
}
