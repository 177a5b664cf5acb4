package com.hotcrm.records.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.DatabaseFailures;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.error.ErrorDetail;
import com.hotcrm.platform.error.ErrorEnvelope;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.OnDelete;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.ObjectPermissions.Operation;
import com.hotcrm.records.rest.BatchRequest;
import com.hotcrm.records.repository.RecordRepository.StoredRecord;
import com.hotcrm.records.repository.RecordRepository;
import com.hotcrm.records.service.RecordService.PreparedCreate;
import com.hotcrm.records.service.RecordService.PreparedUpdate;
import com.hotcrm.records.service.RecordValidator.Mode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The seed's Batch Operations: up to {@value #MAX_RECORDS} records per request, each checked as a single
 * write would be, results in input order. By default the good records are written in one transaction and
 * each bad one is reported with its error; with {@code allOrNone} any failure writes nothing. The
 * checks that need the database (parents exist, unique values are free, no restricting children) are one
 * query per kind for the whole batch, and creates are one multi-row insert.
 */
@ApplicationScoped
public class BatchService {

    public static final int MAX_RECORDS = 200;

    /** One record's outcome: its id and success, or its error. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemResult(@JsonProperty("Id") String id, boolean success, ErrorEnvelope.Body error) {
    }

    public record BatchResult(List<ItemResult> results, int successCount, int errorCount) {
        static BatchResult of(List<ItemResult> results) {
            int ok = (int) results.stream().filter(ItemResult::success).count();
            return new BatchResult(results, ok, results.size() - ok);
        }
    }

    private final Pool pool;
    private final RecordRepository records;
    private final RecordService service;
    private final MetadataRegistry registry;
    private final AccessPolicy access;
    private final TableStatistics statistics;

    public BatchService(Pool pool, RecordRepository records, RecordService service, MetadataRegistry registry,
            AccessPolicy access, TableStatistics statistics) {
        this.statistics = statistics;
        this.pool = pool;
        this.records = records;
        this.service = service;
        this.registry = registry;
        this.access = access;
    }

    /** The state of each record of a batch while it is checked. */
    private static final class Item<T> {
        final String id;
        T prepared;
        CrmException error;

        Item(String id) {
            this.id = id;
        }

        boolean ok() {
            return error == null;
        }

        void fail(CrmException e) {
            if (error == null) {
                error = e;
            }
        }
    }

    public Uni<BatchResult> create(String path, BatchRequest.Create body, Caller caller) {
        // checked against what the caller sees, stored and published whole (see RecordService.prepareCreate)
        ObjectDef full = RecordService.writable(registry.requireByPath(path));
        ObjectDef def = access.view(caller, full);
        access.require(caller, def, Operation.CREATE);
        String actorId = caller.userId();
        List<JsonNode> input = body.records();
        boolean allOrNone = Boolean.TRUE.equals(body.allOrNone());
        List<Item<PreparedCreate>> items = new ArrayList<>();
        for (JsonNode node : input) {
            Item<PreparedCreate> item = new Item<>(null);
            try {
                item.prepared = service.prepareCreate(full, def, asObject(node), actorId);
            } catch (CrmException e) {
                item.fail(e);
            }
            items.add(item);
        }
        Map<Item<?>, Object> owners = new HashMap<>();
        for (int i = 0; i < input.size(); i++) {
            if (items.get(i).ok() && input.get(i).has(RecordValidator.OWNER)) {
                owners.put(items.get(i), items.get(i).prepared.record().get(RecordValidator.OWNER));
            }
        }
        return checkOwners(owners).flatMap(checked -> {
            List<Item<PreparedCreate>> candidates = items.stream().filter(Item::ok).toList();
            return service.checkLookups(pool, def, candidates.stream().map(i -> i.prepared.record()).toList(), def.fields(), caller)
                    .invoke(problems -> failOnProblems(def, candidates, problems));
        })
                .flatMap(x -> checkUniques(def, items.stream().filter(Item::ok).toList(), i -> i.prepared.record()))
                .flatMap(x -> commit(items, allOrNone,
                        ok -> pool.withTransaction(tx -> records.insertAll(tx, full,
                                ok.stream().map(i -> i.prepared.record()).toList(),
                                ok.stream().map(i -> i.prepared.event()).toList())),
                        item -> records.insert(pool, full, item.prepared.record(), item.prepared.event())))
                .map(x -> written(full, results(items, i -> i.prepared == null ? null : (String) i.prepared.record().get("Id"))));
    }

    public Uni<BatchResult> update(String path, BatchRequest.Update body, Caller caller) {
        // values checked against what the caller sees, merged into the whole record so its event carries every field
        ObjectDef full = RecordService.writable(registry.requireByPath(path));
        ObjectDef def = access.view(caller, full);
        access.require(caller, def, Operation.EDIT);
        String actorId = caller.userId();
        List<JsonNode> input = body.updates();
        boolean allOrNone = Boolean.TRUE.equals(body.allOrNone());
        List<Item<PreparedUpdate>> items = new ArrayList<>();
        Map<Item<PreparedUpdate>, Map<String, Object>> values = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode node : input) {
            ObjectNode update = asObject(node).deepCopy();
            JsonNode idNode = update.remove("Id");
            String id = idNode != null && idNode.isTextual() ? idNode.asText() : null;
            Item<PreparedUpdate> item = new Item<>(id);
            items.add(item);
            if (id == null) {
                item.fail(CrmException.validation("Id", "Id is required for each update"));
            } else if (!seen.add(id)) {
                item.fail(CrmException.validation("Id", id + " appears more than once in this batch"));
            } else {
                RecordValidator.Result result = service.validated(def, update, Mode.UPDATE);
                if (!result.errors().isEmpty()) {
                    item.fail(RecordValidator.invalid(def, result.errors()));
                } else {
                    values.put(item, result.values());
                }
            }
        }
        Map<Item<?>, Object> owners = new HashMap<>();
        values.forEach((item, v) -> {
            if (v.containsKey(RecordValidator.OWNER)) {
                owners.put(item, v.get(RecordValidator.OWNER));
            }
        });
        Map<String, StoredRecord> versions = new HashMap<>();
        return checkOwners(owners).flatMap(checked -> {
            List<String> validIds = items.stream().filter(Item::ok).map(i -> i.id).toList();
            return records.editableIds(pool, def, validIds, access, caller)
                    .flatMap(editable -> records.findAll(pool, full, validIds.stream().filter(editable::contains).toList(), false));
        })
                .invoke(current -> {
                    for (Item<PreparedUpdate> item : items.stream().filter(Item::ok).toList()) {
                        StoredRecord found = current.get(item.id);
                        if (found == null) {
                            item.fail(CrmException.notFound("No " + def.name() + " with id '" + item.id + "'"));
                            continue;
                        }
                        versions.put(item.id, found);
                        try {
                            item.prepared = service.prepareUpdate(full, found, values.get(item), actorId);
                        } catch (CrmException e) {
                            item.fail(e);
                        }
                    }
                })
                .flatMap(x -> {
                    List<Item<PreparedUpdate>> changing = items.stream().filter(i -> i.ok() && i.prepared != null).toList();
                    // only the lookups an update changes: one the caller cannot read but did not touch stays as it is
                    return service.checkLookups(pool, def, changing.stream().map(i -> i.prepared.changes()).toList(), def.fields(), caller)
                            .invoke(problems -> failOnProblems(def, changing, problems));
                })
                .flatMap(x -> commit(items.stream().filter(i -> !i.ok() || i.prepared != null).toList(), allOrNone,
                        ok -> pool.withTransaction(tx -> Multi.createFrom().iterable(ok)
                                .onItem().transformToUniAndConcatenate(i -> records.update(tx, def, i.id,
                                        versions.get(i.id).version(), i.prepared.changes(), i.prepared.event())
                                        .invoke(updated -> requireUpdated(def, i.id, updated)))
                                .collect().last()),
                        item -> records.update(pool, def, item.id, versions.get(item.id).version(), item.prepared.changes(),
                                item.prepared.event()).invoke(updated -> requireUpdated(def, item.id, updated))))
                .map(x -> written(full, results(items, i -> i.id)));
    }

    public Uni<BatchResult> delete(String path, BatchRequest.Delete body, Caller caller) {
        ObjectDef def = RecordService.writable(registry.requireByPath(path));
        access.require(caller, def, Operation.DELETE);
        String actorId = caller.userId();
        List<JsonNode> input = body.ids();
        boolean allOrNone = Boolean.TRUE.equals(body.allOrNone());
        List<Item<Boolean>> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode node : input) {
            String id = node.isTextual() ? node.asText() : null;
            Item<Boolean> item = new Item<>(id);
            items.add(item);
            if (id == null || !RecordIds.isWellFormed(id)) {
                item.fail(CrmException.notFound("No " + def.name() + " with id '" + (id == null ? node : id) + "'"));
            } else if (!seen.add(id)) {
                item.fail(CrmException.validation("ids", id + " appears more than once in this batch"));
            }
        }
        List<String> ids = items.stream().filter(Item::ok).map(i -> i.id).toList();
        List<MetadataRegistry.ChildRelationship> restricting = registry.children(def).stream()
                .filter(c -> c.lookup().onDelete() == OnDelete.RESTRICT).toList();
        return records.editableIds(pool, def, ids, access, caller)
                .invoke(found -> items.stream().filter(i -> i.ok() && !found.contains(i.id))
                        .forEach(i -> i.fail(CrmException.notFound("No " + def.name() + " with id '" + i.id + "'"))))
                .flatMap(found -> Multi.createFrom().iterable(restricting)
                        .onItem().transformToUniAndConcatenate(child -> records.referenced(pool, child.child(), child.lookup(), ids)
                                .invoke(referenced -> items.stream().filter(i -> i.ok() && referenced.contains(i.id))
                                        .forEach(i -> i.fail(CrmException.reference("Cannot delete " + def.name() + " " + i.id
                                                + ": " + child.child().labelPlural() + " reference it",
                                                List.of(ErrorDetail.of(child.name(), child.child().labelPlural()
                                                        + " reference this " + def.label())))))))
                        .collect().last())
                .flatMap(x -> commit(items, allOrNone,
                        ok -> pool.withTransaction(tx -> Multi.createFrom().iterable(ok)
                                .onItem().transformToUniAndConcatenate(i -> service.deleteWithRelated(tx, def, i.id,
                                        OptionalLong.empty(), actorId))
                                .collect().last()),
                        item -> pool.withTransaction(tx -> service.deleteWithRelated(tx, def, item.id, OptionalLong.empty(), actorId))))
                .map(x -> written(def, results(items, i -> i.id)));
    }

    /** Fails the items whose new OwnerId is not an active user; one query for the whole batch. */
    private Uni<Void> checkOwners(Map<Item<?>, Object> owners) {
        Set<String> ids = new HashSet<>();
        owners.forEach((item, owner) -> {
            if (owner instanceof String id) {
                ids.add(id);
            } else {
                item.fail(CrmException.validation(RecordValidator.OWNER, "OwnerId cannot be empty: every record has an owner"));
            }
        });
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return records.existingUsers(pool, ids).invoke(found -> owners.forEach((item, owner) -> {
            if (owner instanceof String id && !found.contains(id)) {
                item.fail(CrmException.validation(RecordValidator.OWNER, "OwnerId " + id + " is not an active user"));
            }
        })).replaceWithVoid();
    }

    /** Counts the rows a batch wrote towards the table's next ANALYZE (TableStatistics). */
    private BatchResult written(ObjectDef def, BatchResult result) {
        statistics.written(def.table(), result.successCount());
        return result;
    }

    /**
     * Writes the records that passed: all in one transaction; if that fails (another writer got in between)
     * and partial success is allowed, each record on its own so that only the bad ones fail.
     */
    private <T> Uni<Void> commit(List<Item<T>> items, boolean allOrNone, Function<List<Item<T>>, Uni<?>> together,
            Function<Item<T>, Uni<?>> alone) {
        List<Item<T>> ok = items.stream().filter(Item::ok).toList();
        if (allOrNone && ok.size() < items.size()) {
            ok.forEach(i -> i.fail(rolledBack()));
            return Uni.createFrom().voidItem();
        }
        if (ok.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return together.apply(ok).replaceWithVoid().onFailure().recoverWithUni(failure -> {
            if (DatabaseFailures.classifyRequest(failure).isPresent()) {
                // the database went away, timed out or the transaction collided: nothing was written, and
                // writing the records one by one now would store part of the batch (whatever went in after
                // the database came back) and answer 200; the whole batch is answered 503 with Retry-After
                return Uni.createFrom().failure(failure);
            }
            if (allOrNone) {
                CrmException cause = asCrm(failure);
                ok.forEach(i -> i.fail(cause));
                return Uni.createFrom().voidItem();
            }
            return Multi.createFrom().iterable(ok)
                    .onItem().transformToUniAndConcatenate(item -> alone.apply(item).replaceWithVoid()
                            .onFailure().recoverWithItem(f -> {
                                item.fail(asCrm(f));
                                return null;
                            }))
                    .collect().last().replaceWithVoid();
        });
    }

    private CrmException asCrm(Throwable failure) {
        Throwable translated = PgErrors.translate(failure, registry, false);
        return translated instanceof CrmException crm ? crm
                : new CrmException(ErrorCode.SERVER_ERROR, "The record could not be written");
    }

    private static CrmException rolledBack() {
        return CrmException.validation("Not saved: another record of this batch failed and allOrNone is true", List.of());
    }

    private static void requireUpdated(ObjectDef def, String id, boolean updated) {
        if (!updated) {
            throw new CrmException(ErrorCode.PRECONDITION_FAILED, "The " + def.name() + " " + id
                    + " changed while the batch was being written: read it again and retry");
        }
    }

    private static <T> void failOnProblems(ObjectDef def, List<Item<T>> items, List<List<ErrorDetail>> problems) {
        for (int i = 0; i < items.size(); i++) {
            if (!problems.get(i).isEmpty()) {
                items.get(i).fail(RecordValidator.invalid(def, problems.get(i)));
            }
        }
    }

    /** Unique fields: a value taken by an existing record, or by an earlier record of the batch, fails. */
    private <T> Uni<Void> checkUniques(ObjectDef def, List<Item<T>> items, Function<Item<T>, Map<String, Object>> record) {
        List<FieldDef> uniques = def.fields().stream().filter(FieldDef::unique).toList();
        return Multi.createFrom().iterable(uniques).onItem().transformToUniAndConcatenate(field -> {
            Map<String, Item<T>> firstWith = new HashMap<>();
            for (Item<T> item : items) {
                Object value = record.apply(item).get(field.name());
                if (value != null && firstWith.putIfAbsent(value.toString(), item) != null) {
                    item.fail(CrmException.duplicate(field.name(), "Another record of this batch has this " + field.name()));
                }
            }
            if (firstWith.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return records.existingValues(pool, def, field, new ArrayList<>(firstWith.keySet()))
                    .invoke(taken -> taken.forEach(value -> firstWith.get(value).fail(CrmException.duplicate(field.name(),
                            "Another " + def.name() + " already has this " + field.name()))))
                    .replaceWithVoid();
        }).collect().last().replaceWithVoid();
    }

    private static <T> BatchResult results(List<Item<T>> items, Function<Item<T>, String> id) {
        return BatchResult.of(items.stream()
                .map(i -> i.ok() ? new ItemResult(id.apply(i), true, null)
                        : new ItemResult(i.id, false, i.error.toEnvelope().error()))
                .toList());
    }

    private static ObjectNode asObject(JsonNode node) {
        if (!node.isObject()) {
            throw CrmException.validation("A JSON object is expected for each record", List.of());
        }
        return (ObjectNode) node;
    }

}
