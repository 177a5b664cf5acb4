package com.hotcrm.data.query;

import static com.hotcrm.platform.metadata.Naming.quote;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorDetail;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.FieldType;
import com.hotcrm.platform.metadata.ObjectDef;

/**
 * Compiles the filter language to a SQL condition. Filters are AND-ed, in either form:
 * <ul>
 * <li>arrays: {@code [field, op, value]} with op {@code = != <> > >= < <= in, not in, like, ilike, between},
 * {@code [field, "is null"]}, {@code [field, "is not null"]}, {@code [field, "this_quarter"]} (a date
 * literal), {@code [field, "last_n_days", 7]};</li>
 * <li>an object: {@code {"Industry": {"$in": [...]}, "AnnualRevenue": {"$gt": 1000000}, "Name": "Acme"}}
 * with {@code $eq $ne $gt $gte $lt $lte $in $nin $like}.</li>
 * </ul>
 * Values may be {@code $currentUser}, {@code $now} or {@code $today}. Fields are checked against metadata
 * and their columns come from it; every value is a bind parameter of the right type. Every problem is
 * reported together, each naming its filter ({@code filters[2]}).
 */
public final class FilterCompiler {

    /** What relative values resolve against. */
    public record Context(LocalDate today, Instant now, String currentUserId) {
        public static Context now(String currentUserId) {
            Instant now = Instant.now();
            return new Context(LocalDate.ofInstant(now, ZoneOffset.UTC), now, currentUserId);
        }
    }

    static final int MAX_FILTERS = 50;
    static final int MAX_IN_VALUES = 1000;

    private static final Map<String, String> OBJECT_OPERATORS = Map.of("$eq", "=", "$ne", "!=", "$gt", ">", "$gte", ">=",
            "$lt", "<", "$lte", "<=", "$in", "in", "$nin", "not in", "$like", "like");

    private final ObjectDef def;
    private final String alias;
    private final Context context;
    private final SqlParams params;
    private final List<ErrorDetail> errors = new ArrayList<>();

    private FilterCompiler(ObjectDef def, String alias, Context context, SqlParams params) {
        this.def = def;
        this.alias = alias;
        this.context = context;
        this.params = params;
    }

    /**
     * The condition of {@code filters} on {@code def}'s table aliased {@code alias}, or an empty string
     * when there are none; throws VALIDATION_ERROR listing every bad filter.
     */
    public static String compile(ObjectDef def, String alias, JsonNode filters, Context context, SqlParams params) {
        if (filters == null || filters.isNull() || filters.isEmpty() && (filters.isArray() || filters.isObject())) {
            return "";
        }
        FilterCompiler compiler = new FilterCompiler(def, alias, context, params);
        List<String> conditions = new ArrayList<>();
        if (filters.isArray()) {
            if (filters.size() > MAX_FILTERS) {
                throw CrmException.validation("filters", "At most " + MAX_FILTERS + " filters");
            }
            for (int i = 0; i < filters.size(); i++) {
                String condition = compiler.arrayFilter(filters.get(i), "filters[" + i + "]");
                if (condition != null) {
                    conditions.add(condition);
                }
            }
        } else if (filters.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = filters.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                conditions.addAll(compiler.objectFilter(entry.getKey(), entry.getValue(), "filters." + entry.getKey()));
            }
        } else {
            throw CrmException.validation("filters", "filters must be an array of [field, operator, value] or an object");
        }
        if (!compiler.errors.isEmpty()) {
            throw CrmException.validation(compiler.errors.size() == 1 ? compiler.errors.get(0).message()
                    : "Invalid filters: " + compiler.errors.size() + " problems", compiler.errors);
        }
        return String.join(" AND ", conditions);
    }

    private String arrayFilter(JsonNode filter, String where) {
        if (!filter.isArray() || filter.size() < 2 || filter.size() > 3 || !filter.get(0).isTextual() || !filter.get(1).isTextual()) {
            return fail(where, "A filter is [field, operator, value] or [field, \"is null\"], not " + abbreviate(filter));
        }
        FieldDef field = field(filter.get(0).asText(), where);
        if (field == null) {
            return null;
        }
        String op = filter.get(1).asText().strip().toLowerCase(Locale.ROOT);
        if (filter.size() == 2) {
            return unary(field, op, where);
        }
        return binary(field, op, filter.get(2), where);
    }

    private List<String> objectFilter(String name, JsonNode spec, String where) {
        FieldDef field = field(name, where);
        if (field == null) {
            return List.of();
        }
        if (!spec.isObject()) {
            String condition = binary(field, "=", spec, where);
            return condition == null ? List.of() : List.of(condition);
        }
        List<String> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String op = OBJECT_OPERATORS.get(entry.getKey());
            if (op == null) {
                fail(where, "Unknown operator '" + entry.getKey() + "'; use one of " + OBJECT_OPERATORS.keySet());
                continue;
            }
            String condition = binary(field, op, entry.getValue(), where);
            if (condition != null) {
                conditions.add(condition);
            }
        }
        return conditions;
    }

    private String unary(FieldDef field, String op, String where) {
        String column = column(field);
        switch (op) {
            case "is null":
                return column + " IS NULL";
            case "is not null":
                return column + " IS NOT NULL";
            default:
                var range = DateLiterals.named(op, context.today());
                if (range.isPresent()) {
                    return dateRange(field, range.get(), where);
                }
                return fail(where, "'" + op + "' needs a value; alone, only 'is null', 'is not null' and date literals "
                        + "such as today or this_quarter are allowed");
        }
    }

    private String binary(FieldDef field, String op, JsonNode value, String where) {
        String column = column(field);
        if (value.isNull()) {
            return switch (op) {
                case "=" -> column + " IS NULL";
                case "!=", "<>" -> column + " IS NOT NULL";
                default -> fail(where, "null can only be compared with = or !=");
            };
        }
        switch (op) {
            case "=", "!=", "<>", ">", ">=", "<", "<=": {
                if (isDateField(field) && value.isTextual() && DateLiterals.named(value.asText(), context.today()).isPresent()) {
                    if (!op.equals("=")) {
                        return fail(where, "A date literal such as " + value.asText() + " goes with = or alone");
                    }
                    return dateRange(field, DateLiterals.named(value.asText(), context.today()).get(), where);
                }
                if (!op.equals("=") && !op.equals("!=") && !op.equals("<>") && field.type() == FieldType.BOOLEAN) {
                    return fail(where, field.name() + " is true or false: compare it with = or !=");
                }
                Object bound = coerce(field, value, where);
                if (bound == null) {
                    return null;
                }
                String placeholder = params.add(bound);
                return switch (op) {
                    case "=" -> column + " = " + placeholder;
                    case "!=", "<>" -> column + " IS DISTINCT FROM " + placeholder;
                    default -> column + " " + op + " " + placeholder;
                };
            }
            case "in", "not in": {
                if (!value.isArray() || value.isEmpty() || value.size() > MAX_IN_VALUES) {
                    return fail(where, "'" + op + "' takes an array of 1 to " + MAX_IN_VALUES + " values");
                }
                List<String> placeholders = new ArrayList<>();
                for (JsonNode item : value) {
                    Object bound = coerce(field, item, where);
                    if (bound == null) {
                        return null;
                    }
                    placeholders.add(params.add(bound));
                }
                String list = "(" + String.join(", ", placeholders) + ")";
                return op.equals("in") ? column + " IN " + list : "(" + column + " IS NULL OR " + column + " NOT IN " + list + ")";
            }
            case "like", "ilike": {
                if (!field.type().isText()) {
                    return fail(where, "'" + op + "' works on text fields; " + field.name() + " is " + field.type().apiName());
                }
                if (!value.isTextual()) {
                    return fail(where, "'" + op + "' takes a text pattern with % wildcards, like \"%Corp%\"");
                }
                return column + " ILIKE " + params.add(checkedText(value.asText(), where));
            }
            case "between": {
                if (!value.isArray() || value.size() != 2) {
                    return fail(where, "'between' takes [low, high]");
                }
                Object low = coerce(field, value.get(0), where);
                Object high = coerce(field, value.get(1), where);
                if (low == null || high == null) {
                    return null;
                }
                return column + " BETWEEN " + params.add(low) + " AND " + params.add(high);
            }
            case "last_n_days", "next_n_days": {
                if (!isDateField(field)) {
                    return fail(where, "'" + op + "' works on date fields; " + field.name() + " is " + field.type().apiName());
                }
                if (!value.canConvertToInt() || value.asInt() < 0 || value.asInt() > 36500 || !value.isIntegralNumber()) {
                    return fail(where, "'" + op + "' takes a number of days from 0 to 36500");
                }
                return dateRange(field, DateLiterals.relative(op, value.asInt(), context.today()).orElseThrow(), where);
            }
            default:
                return fail(where, "Unknown operator '" + op + "'; use =, !=, >, >=, <, <=, in, not in, like, ilike, "
                        + "between, is null, is not null, last_n_days, next_n_days or a date literal");
        }
    }

    private String dateRange(FieldDef field, DateLiterals.Range range, String where) {
        if (!isDateField(field)) {
            return fail(where, "Date literals work on date fields; " + field.name() + " is " + field.type().apiName());
        }
        Object from = field.type() == FieldType.DATE ? range.from() : OffsetDateTime.of(range.from().atStartOfDay(), ZoneOffset.UTC);
        Object to = field.type() == FieldType.DATE ? range.to() : OffsetDateTime.of(range.to().atStartOfDay(), ZoneOffset.UTC);
        String column = column(field);
        return "(" + column + " >= " + params.add(from) + " AND " + column + " < " + params.add(to) + ")";
    }

    /** A filter value as the column's Java type, or null after recording why it does not fit. */
    private Object coerce(FieldDef field, JsonNode value, String where) {
        if (value.isTextual()) {
            switch (value.asText()) {
                case "$currentUser":
                    if (field.type().isText()) {
                        return context.currentUserId() == null ? "" : context.currentUserId();
                    }
                    break;
                case "$now":
                    if (field.type() == FieldType.DATETIME) {
                        return OffsetDateTime.ofInstant(context.now(), ZoneOffset.UTC);
                    }
                    break;
                case "$today":
                    if (field.type() == FieldType.DATE) {
                        return context.today();
                    }
                    break;
                default:
                    break;
            }
        }
        String type = field.type().apiName();
        switch (field.type()) {
            case NUMBER, CURRENCY, PERCENT -> {
                if (!value.isNumber()) {
                    fail(where, field.name() + " is a " + type + " field: compare it with a number, not " + abbreviate(value));
                    return null;
                }
                BigDecimal number;
                try {
                    number = value.decimalValue();
                } catch (NumberFormatException e) {
                    number = null;
                }
                if (number == null || number.precision() - number.scale() > 30 || number.scale() > 30) {
                    fail(where, "The number " + abbreviate(value) + " is out of range");
                    return null;
                }
                return number;
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    fail(where, field.name() + " is true or false, not " + abbreviate(value));
                    return null;
                }
                return value.booleanValue();
            }
            case DATE -> {
                try {
                    return inYearRange(LocalDate.parse(value.isTextual() ? value.asText() : "?"), value, where);
                } catch (DateTimeParseException e) {
                    fail(where, field.name() + " is a date: use 2026-03-15, $today or a date literal, not " + abbreviate(value));
                    return null;
                }
            }
            case DATETIME -> {
                String text = value.isTextual() ? value.asText() : "?";
                try {
                    OffsetDateTime dateTime = text.length() == 10 ? OffsetDateTime.of(LocalDate.parse(text).atStartOfDay(), ZoneOffset.UTC)
                            : OffsetDateTime.parse(text);
                    return inYearRange(dateTime.toLocalDate(), value, where) == null ? null : dateTime;
                } catch (DateTimeParseException e) {
                    fail(where, field.name() + " is a date-time: use 2026-03-15T10:30:00Z or $now, not " + abbreviate(value));
                    return null;
                }
            }
            case MULTIPICKLIST -> {
                fail(where, field.name() + " holds several values; filter it with 'is null' or 'is not null'");
                return null;
            }
            default -> {
                if (!value.isTextual()) {
                    fail(where, field.name() + " is a " + type + " field: compare it with text, not " + abbreviate(value));
                    return null;
                }
                return checkedText(value.asText(), where);
            }
        }
    }

    /** Dates from year 1 to 9999, as the API writes them (PostgreSQL's own range is wider, and partly infinite). */
    private LocalDate inYearRange(LocalDate date, JsonNode value, String where) {
        if (date.getYear() < 1 || date.getYear() > 9999) {
            fail(where, "Dates go from 0001-01-01 to 9999-12-31, not " + abbreviate(value));
            return null;
        }
        return date;
    }

    private String checkedText(String text, String where) {
        if (text.indexOf('\u0000') >= 0 || text.length() > 10_000) {
            fail(where, "Text values must be at most 10000 characters, without NUL characters");
            return "";
        }
        return text;
    }

    private FieldDef field(String name, String where) {
        FieldDef field = def.field(name).orElse(null);
        if (field == null) {
            fail(where, "Unknown field '" + abbreviate(name) + "' on " + def.name());
        }
        return field;
    }

    private String column(FieldDef field) {
        return alias + "." + quote(field.column());
    }

    private static boolean isDateField(FieldDef field) {
        return field.type() == FieldType.DATE || field.type() == FieldType.DATETIME;
    }

    private String fail(String where, String message) {
        errors.add(ErrorDetail.of(where, message));
        return null;
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
