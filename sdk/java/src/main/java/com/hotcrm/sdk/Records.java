package com.hotcrm.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.sdk.model.AvgResult;
import com.hotcrm.sdk.model.DeleteResult;
import com.hotcrm.sdk.model.GroupByResult;
import com.hotcrm.sdk.model.Page;
import com.hotcrm.sdk.model.CrmRecord;
import com.hotcrm.sdk.model.SumResult;

/**
 * The records of one object: {@code client.accounts()}, {@code client.object("Project__c")}. Reads go to
 * {@code GET /{object}} and the aggregation endpoints, writes to {@code POST/PATCH/PUT/DELETE /{object}/{id}}.
 * Records come back as {@code T}; a body is a {@link CrmRecord} (or subclass) or a {@code Map} of fields.
 */
public final class Records<T extends CrmRecord> {

    /** Page size when iterating without a {@code limit}: the most the API gives at once. */
    static final int ITERATION_PAGE_SIZE = 200;

    private final Transport transport;
    private final String name;
    private final String path;
    private final Function<Map<String, Object>, T> type;

    Records(Transport transport, String object, Function<Map<String, Object>, T> type) {
        this.transport = transport;
        this.name = ObjectNames.apiName(object);
        this.path = Transport.segment(ObjectNames.path(object));
        this.type = type;
    }

    /** The object's API name ({@code Account}). */
    public String name() {
        return name;
    }

    /** One page: the API's default of 50 records. */
    public Page<T> list() {
        return list(ListOptions.none());
    }

    /** One page ({@code GET /{object}}) as the options say. */
    public Page<T> list(ListOptions options) {
        return Pages.page(transport.get(path, options.toParameters()), type);
    }

    /**
     * Every matching record, page after page as the iteration goes ({@code limit} is the page size, 200 when not
     * given). Each {@link Iterable#iterator()} starts again from the first page.
     */
    public Iterable<T> iterate(ListOptions options) {
        ListOptions paged = options.limit() == null ? options.toBuilder().limit(ITERATION_PAGE_SIZE).build() : options;
        return Pages.iterable((cursor, offset) -> {
            ListOptions.Builder page = paged.toBuilder().cursor(cursor);
            if (offset != null) {
                page.offset(offset);
            }
            return list(page.build());
        }, options.cursor() == null ? options.offset() : null);
    }

    public Iterable<T> iterate() {
        return iterate(ListOptions.none());
    }

    /** {@link #iterate(ListOptions)} as a stream (sequential, lazy: pages are fetched as it is consumed). */
    public Stream<T> stream(ListOptions options) {
        return Pages.stream(iterate(options));
    }

    public Stream<T> stream() {
        return stream(ListOptions.none());
    }

    /** One record ({@code GET /{object}/{id}}); 404 is a {@link HotCRMException} with code {@code NOT_FOUND}. */
    public T get(String id) {
        return get(id, List.of());
    }

    /** One record with the given fields ({@code Account.Name} follows a lookup, answered nested). */
    public T get(String id, String... fields) {
        return get(id, List.of(fields));
    }

    public T get(String id, List<String> fields) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("fields", fields.isEmpty() ? null : String.join(",", fields));
        return Pages.record(transport.get(recordPath(id), query), type);
    }

    /** Creates a record ({@code POST /{object}}) and returns it as stored, with its {@code Id}. */
    public T create(CrmRecord record) {
        return create(record.toMap());
    }

    public T create(Map<String, ?> fields) {
        return Pages.record(transport.post(path, fields), type);
    }

    /** Changes the fields given, and only those ({@code PATCH}); a null value clears a field. */
    public T update(String id, CrmRecord changes) {
        return update(id, changes.toMap());
    }

    public T update(String id, Map<String, ?> changes) {
        return Pages.record(transport.send("PATCH", recordPath(id), null, changes, true), type);
    }

    /** Replaces the record ({@code PUT}): fields not given become their default or null. */
    public T replace(String id, CrmRecord record) {
        return replace(id, record.toMap());
    }

    public T replace(String id, Map<String, ?> fields) {
        return Pages.record(transport.send("PUT", recordPath(id), null, fields, true), type);
    }

    /** Deletes the record; a {@code REFERENCE_ERROR} (409) when related records forbid it. */
    public DeleteResult delete(String id) {
        return Json.convert(transport.send("DELETE", recordPath(id), null, null, true), DeleteResult.class);
    }

    /** How many records there are ({@code GET /{object}/count}). */
    public long count() {
        return count(Filters.none());
    }

    /** How many records match. */
    public long count(Filters filters) {
        return transport.get(path + "/count", filterParameter(filters)).path("count").asLong();
    }

    /** The sum of a number, currency or percent field, and how many values went in. */
    public SumResult sum(String field) {
        return sum(field, Filters.none());
    }

    public SumResult sum(String field, Filters filters) {
        return Json.convert(transport.get(path + "/sum/" + Transport.segment(field), filterParameter(filters)),
                SumResult.class);
    }

    /** The average (2 decimals) of a number, currency or percent field, and how many values went in. */
    public AvgResult avg(String field) {
        return avg(field, Filters.none());
    }

    public AvgResult avg(String field, Filters filters) {
        return Json.convert(transport.get(path + "/avg/" + Transport.segment(field), filterParameter(filters)),
                AvgResult.class);
    }

    /** Groups and aggregates ({@code POST /{object}/groupby}). */
    public GroupByResult groupBy(GroupBy groupBy) {
        return Json.convert(transport.post(path + "/groupby", groupBy), GroupByResult.class);
    }

    /**
     * A {@code POST /query} of this object, for what a list cannot say ({@code related} records, object-form
     * filters): {@code client.accounts().query(q -> q.fields("Name").related("Contacts", Related.all()))}.
     */
    public Page<T> query(Function<Query, Query> query) {
        return Pages.page(transport.post("query", query.apply(Query.from(name))), type);
    }

    /** Every record of a {@code POST /query} of this object, page after page by cursor. */
    public Stream<T> queryAll(Function<Query, Query> query) {
        Query base = query.apply(Query.from(name));
        return Pages.stream(HotCRMClient.queryPages(transport, base, type));
    }

    private String recordPath(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A record id is needed");
        }
        return path + "/" + Transport.segment(id);
    }

    private static Map<String, Object> filterParameter(Filters filters) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("filters", filters == null ? null : filters.toParameter());
        return query;
    }

    @Override
    public String toString() {
        return "Records[" + name + " at /" + path + "]";
    }
}
