package com.hotcrm.records.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.DatabaseFailures;
import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.error.ErrorEnvelope;
import com.hotcrm.platform.error.ErrorDetail;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.records.rest.CompositeRequest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * {@code POST /v1/composite}: record operations run in order, each exactly as its single request would run (the same
 * validation, access rules and events), a later one free to use an earlier one's result: {@code "@{ref.Field}"} as a
 * whole value is that field's value (its type kept), inside a text it is replaced by the value's text.
 * <ul>
 * <li>{@code allOrNone} (the default): one transaction. The first operation that fails stops the request: nothing
 * is written, no event is sent (the events are outbox rows of the same transaction), and the answer is that
 * operation's error, its message naming it and its details' fields prefixed {@code operations[i].}.</li>
 * <li>otherwise: each operation on its own; its result is its status and its body or its error envelope (503 for a
 * database fault), and an operation referring to one that failed fails too.</li>
 * </ul>
 */
@ApplicationScoped
public class CompositeService {

    public static final int MAX_OPERATIONS = 200;
    static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile("@\\{([A-Za-z][A-Za-z0-9_]*)\\.([A-Za-z][A-Za-z0-9_]*)}");

    /** One operation's outcome: its HTTP status and its body (the record, or an error envelope; null for a delete). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Result(String referenceId, int status, Object body) {
    }

    public record Results(List<Result> results) {
    }

    private final Pool pool;
    private final RecordService records;
    private final MetadataRegistry registry;
    private final ObjectMapper mapper;

    public CompositeService(Pool pool, RecordService records, MetadataRegistry registry, ObjectMapper mapper) {
        this.pool = pool;
        this.records = records;
        this.registry = registry;
        this.mapper = mapper;
    }

    public Uni<Results> run(CompositeRequest request, Caller caller) {
        List<CompositeRequest.Operation> operations = request.operations();
        Map<String, Integer> seen = new HashMap<>();
        List<ErrorDetail> duplicates = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            if (seen.putIfAbsent(operations.get(i).referenceId(), i) != null) {
                duplicates.add(ErrorDetail.of("operations[" + i + "].referenceId", "referenceId "
                        + operations.get(i).referenceId() + " is already used by operations[" + seen.get(operations.get(i).referenceId()) + "]"));
            }
        }
        if (!duplicates.isEmpty()) {
            throw CrmException.validation("Each operation needs a referenceId of its own", duplicates);
        }
        if (request.allOrNone() == null || request.allOrNone()) {
            return pool.withTransaction(tx -> step(tx, operations, 0, new HashMap<>(), new ArrayList<>(), true, caller))
                    .map(Results::new);
        }
        return step(pool, operations, 0, new HashMap<>(), new ArrayList<>(), false, caller).map(Results::new);
    }

    /** Runs operation {@code i} and those after it; {@code done} holds the records earlier ones answered, by reference. */
    private Uni<List<Result>> step(SqlClient client, List<CompositeRequest.Operation> operations, int i,
            Map<String, Map<String, Object>> done, List<Result> results, boolean allOrNone, Caller caller) {
        if (i == operations.size()) {
            return Uni.createFrom().item(results);
        }
        CompositeRequest.Operation op = operations.get(i);
        Uni<Result> ran;
        try {
            JsonNode id = op.id() == null ? null : resolve(TextNode.valueOf(op.id()), done, i, "id");
            ran = one(client, op, id, (ObjectNode) resolve(op.body(), done, i, "body"), caller);
        } catch (CrmException e) {
            ran = Uni.createFrom().failure(e);
        }
        return ran.onFailure().recoverWithUni(failure -> {
            if (failure instanceof CrmException error) {
                return allOrNone ? Uni.createFrom().failure(named(error, op, i))
                        : Uni.createFrom().item(new Result(op.referenceId(), error.code().status(), error.toEnvelope()));
            }
            // a database fault (down, timed out, a deadlock): alone, this operation is answered 503 and the others
            // keep their results (some are committed: failing the whole request would hide them from the client)
            var fault = allOrNone ? java.util.Optional.<DatabaseFailures.Transient>empty() : DatabaseFailures.classifyRequest(failure);
            return fault.isPresent()
                    ? Uni.createFrom().item(new Result(op.referenceId(), 503,
                            ErrorEnvelope.of(ErrorCode.SERVER_ERROR, fault.get().message())))
                    : Uni.createFrom().failure(failure);
        }).flatMap(result -> {
            results.add(result);
            if (result.status() < 400 && result.body() instanceof Map<?, ?> record) {
                @SuppressWarnings("unchecked")
                Map<String, Object> values = (Map<String, Object>) record;
                done.put(op.referenceId(), values);
            }
            return step(client, operations, i + 1, done, results, allOrNone, caller);
        });
    }

    private Uni<Result> one(SqlClient client, CompositeRequest.Operation op, JsonNode idNode, ObjectNode body, Caller caller) {
        ObjectDef def = registry.requireByName(op.object());
        String path = def.path();
        String id = idNode == null || idNode.isNull() ? null : idNode.asText();
        boolean needsId = !op.method().equals("POST");
        if (needsId && (id == null || id.isBlank())) {
            throw CrmException.validation("id", op.method() + " needs the record's id");
        }
        if (!needsId && id != null) {
            throw CrmException.validation("id", "POST creates a record: leave id out");
        }
        boolean needsBody = op.method().equals("POST") || op.method().equals("PATCH") || op.method().equals("PUT");
        if (needsBody && body == null) {
            throw CrmException.validation("body", op.method() + " needs a body: the record's fields");
        }
        if (!needsBody && body != null) {
            throw CrmException.validation("body", op.method() + " takes no body");
        }
        String ref = op.referenceId();
        return switch (op.method()) {
            case "POST" -> records.create(client, path, body, caller).map(r -> new Result(ref, 201, r.values()));
            case "PATCH", "PUT" -> records.write(client, path, id, body, op.method().equals("PUT"), caller)
                    .map(r -> new Result(ref, 200, r.values()));
            // a delete is several statements (what it cascades to): a transaction of its own when not in one
            case "DELETE" -> (client instanceof Pool own
                    ? own.withTransaction(tx -> records.delete(tx, path, id, OptionalLong.empty(), caller))
                    : records.delete(client, path, id, OptionalLong.empty(), caller)).replaceWith(new Result(ref, 204, null));
            default -> records.get(client, path, id, null, caller).map(r -> new Result(ref, 200, r.values()));
        };
    }

    /** {@code node} with its references to earlier results replaced; VALIDATION_ERROR for one that has none. */
    JsonNode resolve(JsonNode node, Map<String, Map<String, Object>> done, int i, String where) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String text = node.asText();
            Matcher whole = REFERENCE.matcher(text);
            if (whole.matches()) {
                return mapper.valueToTree(value(whole, done, i, where));
            }
            Matcher part = REFERENCE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (part.find()) {
                part.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value(part, done, i, where))));
            }
            part.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        if (node.isObject()) {
            ObjectNode copy = mapper.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), resolve(field.getValue(), done, i, where + "." + field.getKey()));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = mapper.createArrayNode();
            for (int k = 0; k < node.size(); k++) {
                copy.add(resolve(node.get(k), done, i, where + "[" + k + "]"));
            }
            return copy;
        }
        return node;
    }

    private static Object value(Matcher reference, Map<String, Map<String, Object>> done, int i, String where) {
        Map<String, Object> record = done.get(reference.group(1));
        if (record == null) {
            throw CrmException.validation(where, "operations[" + i + "] refers to " + reference.group(1)
                    + ", which is no earlier operation that succeeded");
        }
        if (!record.containsKey(reference.group(2))) {
            throw CrmException.validation(where, reference.group(1) + " has no field " + reference.group(2));
        }
        return record.get(reference.group(2));
    }

    /** The error of operation {@code i} as the whole request's: named, its details placed under the operation. */
    private static CrmException named(CrmException error, CompositeRequest.Operation op, int i) {
        String at = "operations[" + i + "]";
        List<ErrorDetail> details = new ArrayList<>();
        for (ErrorDetail detail : error.details()) {
            details.add(ErrorDetail.of(at + "." + (detail.field() == null ? "" : detail.field()), detail.message()));
        }
        if (details.isEmpty()) {
            details.add(ErrorDetail.of(at, error.getMessage()));
        }
        return new CrmException(error.code(), "Operation " + op.referenceId() + " (" + at + ", " + op.method() + " "
                + op.object() + ") failed, so nothing was written: " + error.getMessage(), details);
    }
}
