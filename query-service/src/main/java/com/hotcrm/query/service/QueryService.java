package com.hotcrm.query.service;

import static com.hotcrm.platform.metadata.Naming.quote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.metadata.ObjectTableDdl;
import com.hotcrm.data.records.FieldSelection;
import com.hotcrm.data.records.RecordValues;
import com.hotcrm.data.records.SelectSql;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.data.query.FilterCompiler;
import com.hotcrm.data.query.SortCompiler;
import com.hotcrm.data.query.SqlParams;
import com.hotcrm.query.config.QueryConfig;
import com.hotcrm.query.repository.ListSql;
import com.hotcrm.query.repository.QueryRepository;
import com.hotcrm.query.repository.TableSizes;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Lists and aggregations: each request is one parameterized statement built from metadata by the
 * filter and sort compilers of crm-data (plus, for lists, one bounded count). Counting is exact up to
 * {@code hotcrm.query.exact-count-limit} matches; past it the planner's estimate is given and
 * {@code totalCountExact} is false, unless the caller asks for an exact count.
 */
@ApplicationScoped
public class QueryService {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    public static final int MAX_OFFSET = 100_000;

    /** The seed's list response, with whether the total is exact. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(List<Map<String, Object>> records, long totalCount, boolean hasMore, int limit, int offset,
            String nextCursor, Boolean totalCountExact) {
    }

    private final QueryRepository repository;
    private final MetadataRegistry registry;
    private final int exactCountLimit;
    private final long estimateTrustedAbove;
    private final TableSizes tableSizes;
    private final long unindexedSortMaxRows;

    public QueryService(QueryRepository repository, MetadataRegistry registry, QueryConfig config, TableSizes tableSizes) {
        this.repository = repository;
        this.registry = registry;
        this.exactCountLimit = config.exactCountLimit();
        this.estimateTrustedAbove = config.estimateTrustedAbove();
        this.tableSizes = tableSizes;
        this.unindexedSortMaxRows = config.unindexedSortMaxRows();
    }

    /** {@code GET /v1/{object}}: the object is given by its path. */
    public Uni<Page> list(String path, ListQuery query, Reader reader) {
        return page(reader.view(registry.requireByPath(path)), query, reader);
    }

    /** {@code POST /v1/query}: the object is given by its API name. */
    public Uni<Page> query(ListQuery query, Reader reader) {
        if (query.object() == null || query.object().isBlank()) {
            throw CrmException.validation("object", "object is required, e.g. \"Opportunity\"");
        }
        return page(reader.view(registry.requireByName(query.object())), query, reader);
    }

    private Uni<Page> page(ObjectDef def, ListQuery query, Reader reader) {
        int limit = limit(query.limit());
        int offset = offset(query.offset());
        FieldSelection selection = FieldSelection.parse(def, fieldsParam(query.fields()), registry, reader::view);
        List<RelatedQuery> related = RelatedQuery.parseAll(def, selection, query.related(), registry, reader);
        SqlParams params = new SqlParams();
        String where = reader.where(def, "t0", query.filters(), params);
        List<SortCompiler.Term> terms = SortCompiler.terms(def, query.sort());
        requireServedSort(def, terms.get(0));
        String fingerprint = Cursor.fingerprint(def.name(), query.filters(), terms);
        List<Object> countParams = List.copyOf(params.values());
        List<String> runs = List.of();
        if (query.cursor() != null && !query.cursor().isBlank()) {
            if (offset > 0) {
                throw CrmException.validation("cursor", "Page with cursor or with offset, not both");
            }
            runs = SortCompiler.after("t0", terms, Cursor.decode(query.cursor(), fingerprint, terms), params);
        }
        // after the count's parameters were taken: the joins' conditions are only in the rows' statement
        SelectSql select = reader.select(selection, params);
        String rowsSql = ListSql.rows(select, where, runs, terms, limit, offset);
        List<List<Object>> keys = new ArrayList<>();
        Uni<List<Map<String, Object>>> rows = repository.rows(rowsSql, params.values()).map(set -> {
            List<Map<String, Object>> records = new ArrayList<>();
            for (Row row : set) {
                records.add(select.read(row));
                List<Object> key = new ArrayList<>();
                // the sort terms' values are the statement's last columns (ListSql)
                int keysFrom = row.size() - terms.size();
                for (int i = 0; i < terms.size(); i++) {
                    key.add(RecordValues.read(row, keysFrom + i, terms.get(i).field()));
                }
                keys.add(key);
            }
            return records;
        });
        String from = QueryRepository.filteredTable(def, where);
        // an exact count runs beside the page; otherwise the page decides what counting it needs (see total)
        Uni<Optional<long[]>> exact = query.exactCount() ? repository.count(from, countParams).map(n -> Optional.of(new long[] { n, 1 }))
                : Uni.createFrom().item(Optional.empty());
        boolean fromStart = runs.isEmpty();
        return Uni.combine().all().unis(rows, exact).asTuple().flatMap(result -> {
            List<Map<String, Object>> records = result.getItem1();
            boolean hasMore = records.size() > limit;
            List<Map<String, Object>> pageRecords = hasMore ? records.subList(0, limit) : records;
            String nextCursor = hasMore ? Cursor.encode(fingerprint, keys.get(limit - 1)) : null;
            Uni<long[]> total = result.getItem2().map(counted -> Uni.createFrom().item(counted))
                    .orElseGet(() -> total(from, countParams, reader.readsEveryRow(def), FilterCompiler.joins(where), fromStart,
                            offset, records.size(), hasMore));
            return total.flatMap(counted -> {
                Page page = new Page(pageRecords, counted[0], hasMore, limit, offset, nextCursor,
                        counted[1] == 1 ? null : Boolean.FALSE);
                return RelatedQuery.attachAll(repository, pageRecords, related).replaceWith(page);
            });
        });
    }

    /**
     * [total, 1 when exact] of a list whose page was read with {@code fetched} rows (one more than the limit
     * when there are more). The last page, reached by offset from the first match (not by cursor), is the
     * count: no statement. Otherwise the planner's estimate, when it is above
     * {@code hotcrm.query.estimate-trusted-above}: counting even the first 10,001 matches of a filter that
     * matches an eighth of a million accounts took 4 ms vacuumed and 88 ms (10,000 heap pages) once writes had
     * left the visibility map behind, for every page of the list (at 71,000 matches, 4-15 ms against 1 ms for the
     * page: the default is 50,000, five times the exact-count limit). Below that, the
     * matches are counted up to {@code hotcrm.query.exact-count-limit}, and past it the estimate is given.
     * <p>When the filter reaches into another object ({@code joins}: contacts by their account's industry), counting
     * is a join: 33-59 ms for the first 10,001 of 75,000 matches at a million accounts and a million contacts, against
     * 4 ms for the page. There an estimate above {@code exact-count-limit} is trusted too: counting could only show
     * that there are more than the limit, which the estimate already says.
     * <p>For a caller whose reading is narrowed by record access ({@code readsEveryRow} false) the planner's
     * estimate is never used: it cannot see through the access condition (an OR with subqueries), and at 2
     * million accounts it estimated the whole table for a rep who owns nothing, which would both be wrong and
     * tell the rep the table's size. Their matches are counted up to the limit, and past it the total is
     * that lower bound, not exact.
     */
    private Uni<long[]> total(String from, List<Object> params, boolean readsEveryRow, boolean joins, boolean fromStart,
            int offset, int fetched, boolean hasMore) {
        if (fromStart && !hasMore && (fetched > 0 || offset == 0)) {
            return Uni.createFrom().item(new long[] { offset + fetched, 1 });
        }
        // never below what the page has shown to exist
        long seen = offset + fetched;
        Uni<Long> estimated = readsEveryRow ? repository.estimate(from, params) : Uni.createFrom().item(0L);
        return estimated.flatMap(estimate -> {
            if (estimate > estimateTrustedAbove || (joins && estimate > exactCountLimit)) {
                return Uni.createFrom().item(new long[] { Math.max(estimate, seen), 0 });
            }
            return repository.countUpTo(from, params, exactCountLimit).map(bounded -> {
                        return bounded <= exactCountLimit ? new long[] { bounded, 1 }
                                : new long[] { Math.max(Math.max(bounded, estimate), seen), 0 };
                    });
        });
    }

    /**
     * On a table of more than {@code hotcrm.query.unindexed-sort-max-rows} rows a list may only start its sort
     * with a field an index serves: any other sort reads and sorts every match, seconds at a million rows.
     * Decided from metadata and the catalog's size estimate (TableSizes), so it costs no statement.
     */
    private void requireServedSort(ObjectDef def, SortCompiler.Term first) {
        long rows = tableSizes.rows(def.table());
        if (rows <= unindexedSortMaxRows || first.field().name().equals("Id")) {
            return;
        }
        Set<String> sortable = ObjectTableDdl.sortableFields(def);
        if (sortable.contains(first.field().name())) {
            return;
        }
        List<String> indexed = sortable.stream().filter(name -> def.field(name).isPresent()).toList();
        throw CrmException.validation("sort", "Sorting " + def.name() + " by " + first.field().name()
                + " is not supported at its size (about " + String.format(java.util.Locale.ROOT, "%,d", rows)
                + " records): the field is not indexed. Sort by an indexed field: " + String.join(", ", indexed));
    }

    /** {@code GET /{object}/count}: always exact. */
    public Uni<Map<String, Object>> count(String path, JsonNode filters, Reader reader) {
        ObjectDef def = reader.view(registry.requireByPath(path));
        SqlParams params = new SqlParams();
        String where = reader.where(def, "t0", filters, params);
        return repository.count(QueryRepository.filteredTable(def, where), params.values()).map(n -> Map.of("count", n));
    }

    /** {@code GET /{object}/sum/{field}} and {@code /avg/{field}}: over numeric fields, with how many values. */
    public Uni<Map<String, Object>> aggregate(String path, String function, String fieldName, JsonNode filters,
            Reader reader) {
        ObjectDef def = reader.view(registry.requireByPath(path));
        FieldDef field = def.field(fieldName).orElseThrow(() -> CrmException.validation("field",
                "Unknown field '" + fieldName + "' on " + def.name()));
        if (!field.type().isNumeric()) {
            throw CrmException.validation("field", function + " works on number, currency and percent fields; "
                    + field.name() + " is " + field.type().apiName());
        }
        SqlParams params = new SqlParams();
        String where = reader.where(def, "t0", filters, params);
        String column = "t0." + quote(field.column());
        String sql = "SELECT " + (function.equals("sum") ? "sum" : "avg") + "(" + column + ") AS v, count(" + column
                + ") AS n" + QueryRepository.filteredTable(def, where);
        return repository.rows(sql, params.values()).map(rows -> {
            Row row = rows.iterator().next();
            Object value = row.getValue("v") == null ? (function.equals("sum") ? java.math.BigDecimal.ZERO : null)
                    : RecordValues.normalize(function.equals("avg")
                            ? row.getBigDecimal("v").setScale(2, java.math.RoundingMode.HALF_UP) : row.getBigDecimal("v"));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(function.equals("sum") ? "sum" : "average", value);
            out.put("count", row.getLong("n"));
            return out;
        });
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw CrmException.validation("limit", "limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        return limit;
    }

    private static int offset(Integer offset) {
        if (offset == null) {
            return 0;
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw CrmException.validation("offset", "offset must be between 0 and " + MAX_OFFSET + ", not " + offset);
        }
        return offset;
    }

    /** {@code fields} as an array of names or a comma-separated string, as one string for {@link FieldSelection}. */
    static String fieldsParam(JsonNode fields) {
        return fieldsParam(fields, "fields");
    }

    /** The same, for the {@code fields} found at {@code where} of the request (e.g. {@code related.Account.fields}). */
    static String fieldsParam(JsonNode fields, String where) {
        if (fields == null || fields.isNull()) {
            return null;
        }
        if (fields.isTextual()) {
            return fields.asText();
        }
        if (fields.isArray()) {
            List<String> names = new ArrayList<>();
            for (JsonNode f : fields) {
                if (!f.isTextual()) {
                    throw CrmException.validation(where, where + " must be field names, like [\"Name\", \"Account.Name\"]");
                }
                names.add(f.asText());
            }
            return String.join(",", names);
        }
        throw CrmException.validation(where, where + " must be a comma-separated string or an array of names");
    }
}
