package com.hotcrm.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.hotcrm.sdk.model.BatchResult;

/**
 * Batch writes of one object ({@code /batch/{object}}): {@code client.batch("Account").create(records)}.
 * Results are in input order. The API takes 1–200 entries a request; more are sent as several requests and
 * their results joined (each request is its own transaction). {@code allOrNone} holds within one request, so it
 * takes at most 200 entries.
 */
public final class Batch {

    /** Entries per request, as the API allows. */
    public static final int MAX_ENTRIES = 200;

    private final Transport transport;
    private final String path;

    Batch(Transport transport, String object) {
        this.transport = transport;
        this.path = "batch/" + Transport.segment(ObjectNames.path(object));
    }

    /** Creates records ({@link com.hotcrm.sdk.model.CrmRecord}s or maps of fields); the good ones are written. */
    public BatchResult create(List<?> records) {
        return create(records, false);
    }

    /** Creates records; with {@code allOrNone}, any failure writes nothing. */
    public BatchResult create(List<?> records, boolean allOrNone) {
        return send("POST", "records", records, allOrNone);
    }

    /** Updates records, each with its {@code Id} and the fields to change. */
    public BatchResult update(List<?> updates) {
        return update(updates, false);
    }

    public BatchResult update(List<?> updates, boolean allOrNone) {
        return send("PATCH", "updates", updates, allOrNone);
    }

    /** Deletes records by id. */
    public BatchResult delete(List<String> ids) {
        return delete(ids, false);
    }

    public BatchResult delete(List<String> ids, boolean allOrNone) {
        return send("DELETE", "ids", ids, allOrNone);
    }

    private BatchResult send(String method, String key, List<?> entries, boolean allOrNone) {
        if (entries.isEmpty()) {
            return new BatchResult(List.of(), 0, 0);
        }
        if (allOrNone && entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("allOrNone holds within one request, of at most " + MAX_ENTRIES
                    + " entries; got " + entries.size());
        }
        List<BatchResult.Item> results = new ArrayList<>(entries.size());
        int successes = 0;
        int errors = 0;
        for (int start = 0; start < entries.size(); start += MAX_ENTRIES) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put(key, entries.subList(start, Math.min(entries.size(), start + MAX_ENTRIES)));
            if (allOrNone) {
                body.put("allOrNone", true);
            }
            BatchResult answer = Json.convert(transport.send(method, path, null, body, true), BatchResult.class);
            if (entries.size() <= MAX_ENTRIES) {
                return answer;
            }
            results.addAll(answer.results());
            successes += answer.successCount();
            errors += answer.errorCount();
        }
        return new BatchResult(results, successes, errors);
    }
}
