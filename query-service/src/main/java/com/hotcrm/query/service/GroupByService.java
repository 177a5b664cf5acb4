package com.hotcrm.query.service;

import static com.hotcrm.platform.metadata.Naming.quote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.records.RecordValues;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.FieldType;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.query.repository.QueryRepository;
import com.hotcrm.query.rest.GroupByRequest;
import com.hotcrm.data.query.SqlParams;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * {@code POST /{object}/groupby}: groups by one or more fields (dates also by {@code .day}, {@code .month},
 * {@code .quarter}, {@code .year}) with named aggregations COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX,
 * optional {@code having} conditions on the aggregations and a {@code sort} by keys or aggregations, in one
 * statement. Groups come back ordered by their keys unless sorted otherwise, at most {@value #MAX_GROUPS}.
 */
@ApplicationScoped
public class GroupByService {

    static final int MAX_GROUPS = 1000;

    private final QueryRepository repository;
    private final MetadataRegistry registry;

    public GroupByService(QueryRepository repository, MetadataRegistry registry) {
        this.repository = repository;
        this.registry = registry;
    }

    private record Key(String name, String expression) {
    }

    private record Aggregation(String alias, String expression, FieldDef field) {
    }

    public Uni<Map<String, Object>> groupBy(String path, GroupByRequest body, Reader reader) {
        ObjectDef def = reader.view(registry.requireByPath(path));
        List<Key> keys = keys(def, body.groupBy());
        List<Aggregation> aggregations = aggregations(def, body.aggregations());
        SqlParams params = new SqlParams();
        String where = reader.where(def, "t0", body.filters(), params);
        List<String> select = new ArrayList<>();
        keys.forEach(k -> select.add(k.expression()));
        aggregations.forEach(a -> select.add(a.expression()));
        List<String> positions = new ArrayList<>();
        for (int i = 1; i <= keys.size(); i++) {
            positions.add(Integer.toString(i));
        }
        String having = having(aggregations, body.having(), params);
        String sql = "SELECT " + String.join(", ", select) + QueryRepository.filteredTable(def, where) + " GROUP BY " + String.join(", ", positions)
                + (having.isEmpty() ? "" : " HAVING " + having)
                + " ORDER BY " + orderBy(keys, aggregations, body.sort()) + " LIMIT " + MAX_GROUPS;
        return repository.rows(sql, params.values()).map(rows -> {
            List<Map<String, Object>> groups = new ArrayList<>();
            for (Row row : rows) {
                Map<String, Object> group = new LinkedHashMap<>();
                int column = 0;
                for (Key key : keys) {
                    Object value = row.getValue(column++);
                    group.put(key.name(), value instanceof Number ? RecordValues.normalize(row.getBigDecimal(column - 1)) : value);
                }
                for (Aggregation aggregation : aggregations) {
                    Object value = row.getValue(column);
                    group.put(aggregation.alias(), value == null ? null : RecordValues.normalize(row.getBigDecimal(column)));
                    column++;
                }
                groups.add(group);
            }
            return Map.of("groups", groups);
        });
    }

    /** {@code having: [["count", ">", 5], ["totalAmount", ">=", 100000]]}: conditions on aggregations, AND-ed. */
    private static String having(List<Aggregation> aggregations, JsonNode having, SqlParams params) {
        if (having == null || having.isNull()) {
            return "";
        }
        if (!having.isArray() || having.size() > 10) {
            throw CrmException.validation("having", "having is an array of up to 10 [aggregation, operator, number]");
        }
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < having.size(); i++) {
            JsonNode condition = having.get(i);
            String where = "having[" + i + "]";
            if (!condition.isArray() || condition.size() != 3 || !condition.get(2).isNumber()) {
                throw CrmException.validation(where, "A having condition is [aggregation, operator, number]");
            }
            String alias = condition.get(0).asText();
            Aggregation aggregation = aggregations.stream().filter(a -> a.alias().equals(alias)).findFirst()
                    .orElseThrow(() -> CrmException.validation(where, "'" + alias + "' is not one of the aggregations"));
            String op = condition.get(1).asText();
            if (!List.of("=", "!=", "<>", ">", ">=", "<", "<=").contains(op)) {
                throw CrmException.validation(where, "having compares with =, !=, >, >=, < or <=, not '" + op + "'");
            }
            java.math.BigDecimal value = condition.get(2).decimalValue();
            if (value.precision() - value.scale() > 30) {
                throw CrmException.validation(where, "The number is out of range");
            }
            conditions.add(aggregation.expression() + " " + (op.equals("!=") ? "<>" : op) + " " + params.add(value));
        }
        return String.join(" AND ", conditions);
    }

    /** {@code sort: "-totalAmount"}, {@code "Stage"} or {@code [["count", "desc"]]}: by keys or aggregations. */
    private static String orderBy(List<Key> keys, List<Aggregation> aggregations, JsonNode sort) {
        List<String> names = new ArrayList<>();
        keys.forEach(k -> names.add(k.name()));
        aggregations.forEach(a -> names.add(a.alias()));
        List<String> terms = new ArrayList<>();
        List<JsonNode> items = new ArrayList<>();
        if (sort == null || sort.isNull()) {
            for (int i = 1; i <= keys.size(); i++) {
                terms.add(Integer.toString(i));
            }
            return String.join(", ", terms);
        }
        if (sort.isTextual()) {
            for (String part : sort.asText().split(",")) {
                items.add(com.fasterxml.jackson.databind.node.TextNode.valueOf(part.strip()));
            }
        } else if (sort.isArray()) {
            sort.forEach(items::add);
        } else {
            throw CrmException.validation("sort", "sort is \"-totalAmount\", \"Stage\" or [[\"count\", \"desc\"]]");
        }
        for (JsonNode item : items) {
            String name = item.isArray() ? item.path(0).asText() : item.asText().replaceFirst("^-", "");
            boolean descending = item.isArray() ? "desc".equalsIgnoreCase(item.path(1).asText()) : item.asText().startsWith("-");
            int position = names.indexOf(name);
            if (position < 0) {
                throw CrmException.validation("sort", "Sort groups by a groupBy field or an aggregation, not '" + name + "'");
            }
            terms.add((position + 1) + (descending ? " DESC NULLS LAST" : " ASC NULLS LAST"));
        }
        for (int i = 1; i <= keys.size(); i++) {
            terms.add(Integer.toString(i));
        }
        return String.join(", ", terms);
    }

    private static List<Key> keys(ObjectDef def, JsonNode groupBy) {
        List<String> names = new ArrayList<>();
        if (groupBy != null && groupBy.isTextual()) {
            names.add(groupBy.asText());
        } else if (groupBy != null && groupBy.isArray() && !groupBy.isEmpty() && groupBy.size() <= 5) {
            groupBy.forEach(n -> names.add(n.asText()));
        } else {
            throw CrmException.validation("groupBy", "groupBy is a field name or an array of up to 5, like \"Stage\" or "
                    + "[\"Stage\", \"CloseDate.month\"]");
        }
        List<Key> keys = new ArrayList<>();
        for (String name : names) {
            String[] parts = name.split("\\.", 2);
            FieldDef field = def.field(parts[0]).orElseThrow(() -> CrmException.validation("groupBy",
                    "Unknown groupBy field '" + name + "' on " + def.name()));
            String column = "t0." + quote(field.column());
            if (parts.length == 1) {
                if (field.type() == FieldType.MULTIPICKLIST) {
                    throw CrmException.validation("groupBy", field.name() + " holds several values and cannot be grouped by");
                }
                keys.add(new Key(name, field.type() == FieldType.DATE || field.type() == FieldType.DATETIME
                        ? "to_char(" + column + ", 'YYYY-MM-DD')" : column));
                continue;
            }
            if (field.type() != FieldType.DATE && field.type() != FieldType.DATETIME) {
                throw CrmException.validation("groupBy", "Only date fields have parts like ." + parts[1]);
            }
            String expression = switch (parts[1].toLowerCase(Locale.ROOT)) {
                case "day" -> "to_char(" + column + ", 'YYYY-MM-DD')";
                case "month" -> "to_char(" + column + ", 'YYYY-MM')";
                case "quarter" -> "to_char(" + column + ", 'YYYY-\"Q\"Q')";
                case "year" -> "extract(year from " + column + ")::int";
                default -> throw CrmException.validation("groupBy", "Date parts are day, month, quarter and year, not " + parts[1]);
            };
            keys.add(new Key(name, expression));
        }
        return keys;
    }

    /** Names, functions and their count were checked by Bean Validation; the fields are checked here. */
    private static List<Aggregation> aggregations(ObjectDef def, Map<String, GroupByRequest.Aggregation> spec) {
        List<Aggregation> aggregations = new ArrayList<>();
        for (Map.Entry<String, GroupByRequest.Aggregation> entry : spec.entrySet()) {
            String alias = entry.getKey();
            String function = entry.getValue().function().toUpperCase(Locale.ROOT);
            String fieldName = entry.getValue().fieldOrId();
            FieldDef field = def.field(fieldName).orElseThrow(() -> CrmException.validation("aggregations." + alias,
                    "Unknown field '" + fieldName + "' on " + def.name()));
            String column = "t0." + quote(field.column());
            String expression = switch (function) {
                case "COUNT" -> "count(" + column + ")";
                case "COUNT_DISTINCT" -> "count(DISTINCT " + column + ")";
                case "SUM", "AVG", "MIN", "MAX" -> {
                    if (!field.type().isNumeric()) {
                        throw CrmException.validation("aggregations." + alias, function + " needs a number, currency or percent "
                                + "field; " + field.name() + " is " + field.type().apiName());
                    }
                    yield function.equals("AVG") ? "round(avg(" + column + "), 2)" : function.toLowerCase(Locale.ROOT) + "(" + column + ")";
                }
                default -> throw CrmException.validation("aggregations." + alias,
                        "function is COUNT, COUNT_DISTINCT, SUM, AVG, MIN or MAX, not '" + function + "'");
            };
            aggregations.add(new Aggregation(alias, expression, field));
        }
        return aggregations;
    }
}
