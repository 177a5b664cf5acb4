package com.hotcrm.records.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.records.FieldSelection;
import com.hotcrm.data.records.RecordValues;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.error.ErrorDetail;
import com.hotcrm.platform.event.ChangeEvent;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.OnDelete;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.ObjectPermissions.Operation;
import com.hotcrm.records.repository.RecordRepository;
import com.hotcrm.records.repository.RecordRepository.StoredRecord;
import com.hotcrm.records.service.RecordValidator.Mode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The rules of single-record writes and reads: validation from metadata, system fields, optimistic
 * concurrency (the record's version is its ETag), what deleting does to related records, and one change
 * event per committed change, written with it.
 */
@ApplicationScoped
public class RecordService {

    /** The CloudEvents source of the change events records-service writes. */
    public static final String EVENT_SOURCE = "/hotcrm/records-service";
    private static final int UPDATE_ATTEMPTS = 3;

    private final Pool pool;
    private final RecordRepository records;
    private final MetadataRegistry registry;
    private final RecordValidator validator;
    private final AccessPolicy access;

    public RecordService(Pool pool, RecordRepository records, MetadataRegistry registry, RecordValidator validator,
            AccessPolicy access) {
        this.pool = pool;
        this.records = records;
        this.registry = registry;
        this.validator = validator;
        this.access = access;
    }

    /** A record ready to insert, with its event; built without touching the database. */
    public record PreparedCreate(Map<String, Object> record, ChangeEvent event) {
    }

    public Uni<StoredRecord> create(String path, ObjectNode body, Caller caller) {
        return create(pool, path, body, caller);
    }

    /** A create on {@code client}: the pool, or a transaction holding several writes (a composite request). */
    public Uni<StoredRecord> create(SqlClient client, String path, ObjectNode body, Caller caller) {
        ObjectDef full = writable(registry.requireByPath(path));
        ObjectDef def = access.view(caller, full);
        access.require(caller, def, Operation.CREATE);
        PreparedCreate prepared;
        try {
            prepared = prepareCreate(full, def, requireBody(body), caller.userId());
        } catch (CrmException e) {
            return Uni.createFrom().failure(e);
        }
        return requireOwners(client, def, List.of(prepared.record()), body.has("OwnerId"))
                .flatMap(ok -> requireLookups(client, def, prepared.record(), def.fields(), caller))
                .flatMap(ok -> records.insert(client, full, prepared.record(), prepared.event()))
                .onFailure().transform(f -> PgErrors.translate(f, registry, false))
                .replaceWith(new StoredRecord(visible(def, prepared.record()), 1));
    }

    /**
     * Validates a body for create against what the writer sees ({@code view}) and builds the whole record
     * ({@code full}) with its system fields; throws VALIDATION_ERROR. Fields hidden from the writer stay empty,
     * as they always did, but are in the record and its event, which carries the record as stored whoever
     * wrote it (each consumer applies its own recipient's view).
     */
    PreparedCreate prepareCreate(ObjectDef full, ObjectDef view, ObjectNode body, String actorId) {
        ObjectDef def = view;
        RecordValidator.Result result = validated(def, body, Mode.CREATE);
        List<ErrorDetail> errors = new ArrayList<>(result.errors());
        if (errors.isEmpty()) {
            errors.addAll(validator.checkRules(def, result.values()));
        }
        if (!errors.isEmpty()) {
            throw RecordValidator.invalid(def, errors);
        }
        Instant now = now();
        String id = RecordIds.next(def.idPrefix());
        Map<String, Object> record = new LinkedHashMap<>();
        for (FieldDef field : full.fields()) {
            record.put(field.name(), RecordValues.normalize(result.values().get(field.name())));
        }
        record.put("Id", id);
        record.put("OwnerId", result.values().get("OwnerId") instanceof String owner ? owner : actorId);
        record.put("CreatedDate", now);
        record.put("ModifiedDate", now);
        record.put("CreatedById", actorId);
        record.put("ModifiedById", actorId);
        List<String> changed = full.fields().stream().filter(f -> !f.system() && record.get(f.name()) != null)
                .map(FieldDef::name).toList();
        return new PreparedCreate(record, ChangeEvent.of(EVENT_SOURCE, ChangeEvent.Kind.CREATED, full.name(), id, record, changed, actorId, now));
    }

    /** A record the caller cannot read is answered 404 like one that does not exist, so existence does not leak. */
    public Uni<StoredRecord> get(String path, String id, String fields, Caller caller) {
        return get(pool, path, id, fields, caller);
    }

    public Uni<StoredRecord> get(SqlClient client, String path, String id, String fields, Caller caller) {
        ObjectDef def = access.view(caller, registry.requireByPath(path));
        access.require(caller, def, Operation.READ);
        FieldSelection selection = FieldSelection.parse(def, fields, registry, parent -> access.view(caller, parent));
        return findFor(client, def, selection, id, false, caller, Operation.READ);
    }

    /** PATCH: the given fields change, the others stay. */
    public Uni<StoredRecord> update(String path, String id, ObjectNode body, OptionalLong ifMatch, Caller caller) {
        return write(pool, path, id, body, Mode.UPDATE, ifMatch, caller);
    }

    /** PATCH or PUT ({@code replace}) on {@code client}: the pool, or a composite request's transaction. */
    public Uni<StoredRecord> write(SqlClient client, String path, String id, ObjectNode body, boolean replace,
            Caller caller) {
        return write(client, path, id, body, replace ? Mode.REPLACE : Mode.UPDATE, OptionalLong.empty(), caller);
    }

    /** PUT: every writable field is set; missing ones become their default or null. */
    public Uni<StoredRecord> replace(String path, String id, ObjectNode body, OptionalLong ifMatch, Caller caller) {
        return write(pool, path, id, body, Mode.REPLACE, ifMatch, caller);
    }

    /** ai-service writing back what it computed (a lead's score), with the caller's edit rights. */
    public Uni<StoredRecord> writeComputed(String path, String id, ObjectNode body, Caller caller) {
        return write(pool, path, id, body, Mode.COMPUTED, OptionalLong.empty(), caller);
    }

    private Uni<StoredRecord> write(SqlClient client, String path, String id, ObjectNode body, Mode mode,
            OptionalLong ifMatch, Caller caller) {
        ObjectDef full = writable(registry.requireByPath(path));
        ObjectDef def = access.view(caller, full);
        access.require(caller, def, Operation.EDIT);
        RecordValidator.Result result = validated(def, requireBody(body), mode);
        if (!result.errors().isEmpty()) {
            return Uni.createFrom().failure(RecordValidator.invalid(def, result.errors()));
        }
        return requireOwners(client, def, List.of(result.values()), result.values().containsKey("OwnerId"))
                .flatMap(ok -> attemptWrite(client, full, id, result.values(), ifMatch, caller, 1))
                .map(written -> new StoredRecord(visible(def, written.values()), written.version()));
    }

    /** The record as {@code view} shows it: without the fields hidden from whoever it is for. */
    static Map<String, Object> visible(ObjectDef view, Map<String, Object> record) {
        Map<String, Object> shown = new LinkedHashMap<>();
        record.forEach((name, value) -> {
            if (view.field(name).isPresent()) {
                shown.put(name, value);
            }
        });
        return shown;
    }

    /**
     * A record given a new owner must name an existing user (the User object, mirrored from auth-service);
     * {@code given} says whether the body set OwnerId at all (else the caller owns it and nothing is checked).
     */
    Uni<Void> requireOwners(SqlClient client, ObjectDef def, List<Map<String, Object>> values, boolean given) {
        if (!given) {
            return Uni.createFrom().voidItem();
        }
        java.util.Set<String> owners = new java.util.HashSet<>();
        values.forEach(v -> {
            if (v.get("OwnerId") instanceof String owner) {
                owners.add(owner);
            }
        });
        if (owners.isEmpty()) {
            return Uni.createFrom().failure(CrmException.validation("OwnerId", "OwnerId cannot be empty: every record has an owner"));
        }
        return records.existingUsers(client, owners).map(found -> {
            owners.removeAll(found);
            if (!owners.isEmpty()) {
                throw CrmException.validation("OwnerId", "OwnerId " + String.join(", ", owners.stream().sorted().toList())
                        + " is not an active user");
            }
            return null;
        });
    }

    /** What an update changes, with its event; null from {@link #prepareUpdate} when nothing changes. */
    public record PreparedUpdate(Map<String, Object> merged, Map<String, Object> changes, List<FieldDef> changedFields,
            ChangeEvent event) {
    }

    /** Merges validated values into the current record, checks the rules, and says what changes. */
    PreparedUpdate prepareUpdate(ObjectDef def, StoredRecord current, Map<String, Object> values, String actorId) {
        Map<String, Object> merged = new LinkedHashMap<>(current.values());
        values.forEach((name, value) -> merged.put(name, RecordValues.normalize(value)));
        List<ErrorDetail> ruleErrors = validator.checkRules(def, merged);
        if (!ruleErrors.isEmpty()) {
            throw RecordValidator.invalid(def, ruleErrors);
        }
        List<String> changed = values.keySet().stream()
                .filter(name -> !Objects.equals(current.values().get(name), merged.get(name))).toList();
        if (changed.isEmpty()) {
            return null;
        }
        Instant now = now();
        merged.put("ModifiedDate", now);
        merged.put("ModifiedById", actorId);
        Map<String, Object> changes = new LinkedHashMap<>();
        changed.forEach(name -> changes.put(name, merged.get(name)));
        changes.put("ModifiedDate", now);
        changes.put("ModifiedById", actorId);
        List<FieldDef> changedFields = changed.stream().map(n -> def.field(n).orElseThrow()).toList();
        String id = current.id();
        ChangeEvent event = ChangeEvent.of(EVENT_SOURCE, ChangeEvent.Kind.UPDATED, def.name(), id, merged, changed, actorId, now);
        return new PreparedUpdate(merged, changes, changedFields, event);
    }

    /**
     * Writes the caller's values (checked against their view) into the whole record ({@code def} unfiltered),
     * so the event carries every field after the change; the caller's answer is filtered by {@link #write}.
     */
    private Uni<StoredRecord> attemptWrite(SqlClient client, ObjectDef def, String id, Map<String, Object> values,
            OptionalLong ifMatch, Caller caller, int attempt) {
        return findFor(client, def, FieldSelection.all(def), id, false, caller, Operation.EDIT).flatMap(current -> {
            checkVersion(current, ifMatch);
            PreparedUpdate update = prepareUpdate(def, current, values, caller.userId());
            if (update == null) {
                return Uni.createFrom().item(current);
            }
            return requireLookups(client, def, update.merged(), update.changedFields(), caller)
                    .flatMap(ok -> records.update(client, def, id, current.version(), update.changes(), update.event()))
                    .onFailure().transform(f -> PgErrors.translate(f, registry, false))
                    .flatMap(updated -> {
                        if (updated) {
                            return Uni.createFrom().item(new StoredRecord(update.merged(), current.version() + 1));
                        }
                        if (ifMatch.isPresent() || attempt >= UPDATE_ATTEMPTS) {
                            return Uni.createFrom().failure(preconditionFailed(def, id));
                        }
                        return attemptWrite(client, def, id, values, ifMatch, caller, attempt + 1);
                    });
        });
    }

    public Uni<Void> delete(String path, String id, OptionalLong ifMatch, Caller caller) {
        return pool.withTransaction(tx -> delete(tx, path, id, ifMatch, caller));
    }

    /** A delete, with what it cascades to, in the transaction {@code tx}. */
    public Uni<Void> delete(SqlClient tx, String path, String id, OptionalLong ifMatch, Caller caller) {
        ObjectDef def = writable(registry.requireByPath(path));
        access.require(caller, def, Operation.DELETE);
        return findFor(tx, def, FieldSelection.all(def), id, true, caller, Operation.DELETE)
                .flatMap(allowed -> deleteWithRelated(tx, def, id, ifMatch, caller.userId()))
                .onFailure().transform(f -> PgErrors.translate(f, registry, true));
    }

    /** Deletes a record after its children: cascading ones deleted, set-null ones cleared, restricting ones refusing. */
    Uni<Void> deleteWithRelated(SqlClient tx, ObjectDef def, String id, OptionalLong ifMatch, String actorId) {
        return find(tx, def, FieldSelection.all(def), id, true).flatMap(current -> {
            checkVersion(current, ifMatch);
            List<MetadataRegistry.ChildRelationship> children = registry.children(def);
            return refuseIfRestricted(tx, def, id, children)
                    .flatMap(ok -> Multi.createFrom().iterable(children)
                            .filter(child -> child.lookup().onDelete() != OnDelete.RESTRICT)
                            .onItem().transformToUniAndConcatenate(child -> records.idsReferencing(tx, child.child(), child.lookup(), id)
                                    .flatMap(ids -> Multi.createFrom().iterable(ids)
                                            .onItem().transformToUniAndConcatenate(childId -> child.lookup().onDelete() == OnDelete.CASCADE
                                                    ? deleteWithRelated(tx, child.child(), childId, OptionalLong.empty(), actorId)
                                                    : clearLookup(tx, child, childId, actorId))
                                            .collect().last()))
                            .collect().last())
                    .flatMap(done -> {
                        ChangeEvent event = ChangeEvent.of(EVENT_SOURCE, ChangeEvent.Kind.DELETED, def.name(), id, current.values(), List.of(),
                                actorId, now());
                        return records.delete(tx, def, id, event);
                    })
                    .replaceWithVoid();
        });
    }

    private Uni<Void> refuseIfRestricted(SqlClient tx, ObjectDef def, String id, List<MetadataRegistry.ChildRelationship> children) {
        List<MetadataRegistry.ChildRelationship> restricting = children.stream()
                .filter(c -> c.lookup().onDelete() == OnDelete.RESTRICT).toList();
        return Multi.createFrom().iterable(restricting)
                .onItem().transformToUniAndConcatenate(child -> records.countReferencing(tx, child.child(), child.lookup(), id)
                        .map(count -> count == 0 ? null
                                : ErrorDetail.of(child.name(), count + " " + (count == 1 ? child.child().label() : child.child().labelPlural())
                                        + " reference this " + def.label() + " through " + child.lookup().name())))
                .filter(Objects::nonNull)
                .collect().asList()
                .invoke(details -> {
                    if (!details.isEmpty()) {
                        throw CrmException.reference("Cannot delete " + def.name() + " " + id + ": it has related records ("
                                + String.join(", ", details.stream().map(ErrorDetail::field).toList()) + ")", details);
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> clearLookup(SqlClient tx, MetadataRegistry.ChildRelationship child, String childId, String actorId) {
        ObjectDef def = child.child();
        return find(tx, def, FieldSelection.all(def), childId, true).flatMap(current -> {
            Map<String, Object> cleared = new LinkedHashMap<>();
            cleared.put(child.lookup().name(), null);
            PreparedUpdate update = prepareUpdate(def, current, cleared, actorId);
            return update == null ? Uni.createFrom().voidItem()
                    : records.update(tx, def, childId, current.version(), update.changes(), update.event()).replaceWithVoid();
        });
    }

    /**
     * The record as the caller reaches it: 404 when they cannot read it (or it does not exist), 403 when they
     * can read but not change it and want to.
     */
    private Uni<StoredRecord> findFor(SqlClient client, ObjectDef def, FieldSelection selection, String id,
            boolean forUpdate, Caller caller, Operation operation) {
        if (!RecordIds.isWellFormed(id)) {
            return Uni.createFrom().failure(notFound(def, id));
        }
        return records.findFor(client, selection, id, forUpdate, access, caller).map(found -> {
            RecordRepository.Found record = found.orElseThrow(() -> notFound(def, id));
            if (operation != Operation.READ && !record.editable()) {
                throw CrmException.permission("You can read " + def.name() + " " + id + " but not " + operation.verb()
                        + " it: it is not yours, below you, or shared with you to edit");
            }
            return record.record();
        });
    }

    private Uni<StoredRecord> find(SqlClient client, ObjectDef def, FieldSelection selection, String id, boolean forUpdate) {
        if (!RecordIds.isWellFormed(id)) {
            return Uni.createFrom().failure(notFound(def, id));
        }
        return records.find(client, selection, id, forUpdate)
                .map(found -> found.orElseThrow(() -> notFound(def, id)));
    }

    /** The body's values and every problem found without the database, lookup id prefixes included. */
    RecordValidator.Result validated(ObjectDef def, ObjectNode body, Mode mode) {
        RecordValidator.Result result = validator.validate(def, body, mode);
        List<ErrorDetail> errors = new ArrayList<>(result.errors());
        errors.addAll(lookupPrefixErrors(def, result.values()));
        return new RecordValidator.Result(result.values(), errors);
    }

    /** Lookups must carry the id prefix of an object they may point at; checked before touching the database. */
    private List<ErrorDetail> lookupPrefixErrors(ObjectDef def, Map<String, Object> values) {
        List<ErrorDetail> errors = new ArrayList<>();
        for (FieldDef field : def.fields()) {
            if (!field.isLookup() || field.system() || !(values.get(field.name()) instanceof String id)) {
                continue;
            }
            Optional<ObjectDef> target = RecordIds.prefixOf(id).flatMap(registry::byIdPrefix);
            if (target.isEmpty() || !field.referenceTo().contains(target.get().name())) {
                errors.add(ErrorDetail.of(field.name(), field.name() + " must be the id of a "
                        + String.join(" or ", field.referenceTo())));
            }
        }
        return errors;
    }

    /** One record's lookups point at records the caller may read, or VALIDATION_ERROR. */
    private Uni<Void> requireLookups(SqlClient client, ObjectDef def, Map<String, Object> record, List<FieldDef> fields,
            Caller caller) {
        return checkLookups(client, def, List.of(record), fields, caller).invoke(problems -> {
            if (!problems.get(0).isEmpty()) {
                throw RecordValidator.invalid(def, problems.get(0));
            }
        }).replaceWithVoid();
    }

    /**
     * Checks in one query that the lookups of {@code fields} (polymorphic ones for each target they name) point
     * at records the caller may read: a lookup may not be pointed at a record hidden from its writer. A hidden
     * record gets the very answer a missing one gets (same message, same details), so writing a lookup cannot
     * tell whether a hidden record exists. The foreign key stays as the guard against a parent deleted meanwhile.
     * Users are not checked here: their rows arrive from auth-service asynchronously, and every user is readable.
     *
     * @return for each record, its problems (empty when none)
     */
    Uni<List<List<ErrorDetail>>> checkLookups(SqlClient client, ObjectDef def, List<Map<String, Object>> recordsToCheck,
            List<FieldDef> fields, Caller caller) {
        // keyed by identity: an ObjectDef's record hashCode walks every field definition
        Map<ObjectDef, List<String>> candidates = new java.util.IdentityHashMap<>();
        for (Map<String, Object> record : recordsToCheck) {
            for (FieldDef field : fields) {
                if (!field.isLookup() || field.system() || !(record.get(field.name()) instanceof String id)) {
                    continue;
                }
                ObjectDef target = RecordIds.prefixOf(id).flatMap(registry::byIdPrefix).orElse(null);
                if (target != null && !"User".equals(target.name())) {
                    candidates.computeIfAbsent(target, k -> new ArrayList<>()).add(id);
                }
            }
        }
        return records.unreadable(client, candidates, access, caller).map(missingIds -> {
            java.util.Set<String> missing = new java.util.HashSet<>(missingIds);
            List<List<ErrorDetail>> problems = new ArrayList<>();
            for (Map<String, Object> record : recordsToCheck) {
                List<ErrorDetail> mine = new ArrayList<>();
                for (FieldDef field : fields) {
                    if (field.isLookup() && !field.system() && record.get(field.name()) instanceof String id && missing.contains(id)) {
                        mine.add(ErrorDetail.of(field.name(), field.name() + " points at " + id + ", which does not exist"));
                    }
                }
                problems.add(mine);
            }
            return problems;
        });
    }

    private static void checkVersion(StoredRecord current, OptionalLong ifMatch) {
        if (ifMatch.isPresent() && ifMatch.getAsLong() != current.version()) {
            throw new CrmException(ErrorCode.PRECONDITION_FAILED, "The record changed since you read it (version "
                    + current.version() + ", If-Match " + ifMatch.getAsLong() + "): read it again and retry");
        }
    }

    private static CrmException preconditionFailed(ObjectDef def, String id) {
        return new CrmException(ErrorCode.PRECONDITION_FAILED,
                "The " + def.name() + " " + id + " changed while it was being written: read it again and retry");
    }

    static ObjectDef writable(ObjectDef def) {
        if (def.readOnly()) {
            throw CrmException.permission(def.labelPlural() + " are read-only here");
        }
        return def;
    }

    private static ObjectNode requireBody(ObjectNode body) {
        if (body == null) {
            throw CrmException.validation("A JSON object body is required", List.of());
        }
        return body;
    }

    private static CrmException notFound(ObjectDef def, String id) {
        return CrmException.notFound("No " + def.name() + " with id '" + id + "'");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
