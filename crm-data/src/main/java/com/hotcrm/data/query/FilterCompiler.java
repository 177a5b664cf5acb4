package com.hotcrm.data.query;

import static com.hotcrm.platform.metadata.Naming.crmTable;
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
import java.util.Optional;

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
 * <p>
 * Across relationships, when the context's {@link Relations} allows them:
 * <ul>
 * <li>a parent's field in dot notation, up to {@value #MAX_DEPTH} lookups deep: {@code ["Account.Industry", "=",
 * "Finance"]}, {@code ["Account.Owner.Email", "like", "%@acme.com"]}. A parent that is missing, or that the caller
 * may not read, counts as null (as it reads in dot notation): {@code "is null"}, {@code !=} and {@code not in}
 * match it, every other operator does not;</li>
 * <li>children by their relationship name: {@code ["Opportunities", "exists", [["IsClosed", "=", false]]]} keeps
 * the records with at least one child the caller may read that passes the inner filters (any form, any
 * operator, their own relationships too); {@code "not exists"} the others; {@code ["Cases", "exists"]} any child.</li>
 * </ul>
 * Each becomes an {@code EXISTS} on the related table by its id or lookup column (both indexed), with the
 * caller's access condition inside it.
 */
public final class FilterCompiler {

    /** What relative values resolve against, and which relationships a filter may follow. */
    public record Context(LocalDate today, Instant now, String currentUserId, Relations relations) {
        public Context(LocalDate today, Instant now, String currentUserId) {
            this(today, now, currentUserId, Relations.NONE);
        }

        public static Context now(String currentUserId) {
            return now(currentUserId, Relations.NONE);
        }

        public static Context now(String currentUserId, Relations relations) {
            Instant now = Instant.now();
            return new Context(LocalDate.ofInstant(now, ZoneOffset.UTC), now, currentUserId, relations);
        }
    }

    /** The objects related to the filtered one, as the caller sees them, and which of their rows the caller may read. */
    public interface Relations {
        /** No relationships: a dotted name or a child relationship is an unknown field. */
        Relations NONE = new Relations() {
            @Override
            public Optional<ObjectDef> parent(FieldDef lookup) {
                return Optional.empty();
            }

            @Override
            public Optional<Child> child(ObjectDef parent, String relationshipName) {
                return Optional.empty();
            }

            @Override
            public String readable(ObjectDef def, String alias, SqlParams params) {
                return "FALSE";
            }
        };

        /** Children of a parent: their object (as the caller sees it) and the lookup that points at the parent. */
        record Child(ObjectDef object, FieldDef lookup) {
        }

        /** The object a single lookup points at, without the fields hidden from the caller. */
        Optional<ObjectDef> parent(FieldDef lookup);

        /** The children named {@code relationshipName} on {@code parent} ({@code Opportunities} on Account). */
        Optional<Child> child(ObjectDef parent, String relationshipName);

        /**
         * The condition on {@code alias} (a table of {@code def}) that keeps the rows the caller may read, their
         * object's permission included ({@code FALSE} when none); null when every row is readable.
         */
        String readable(ObjectDef def, String alias, SqlParams params);
    }

    static final int MAX_FILTERS = 50;
    /** Lookups one dotted name may follow, and child filters one filter may nest. */
    public static final int MAX_DEPTH = 5;
    static final int MAX_IN_VALUES = 1000;
    /** Values all the filters of one request may bind, at every level together. */
    static final int MAX_VALUES = 20_000;

    private static final Map<String, String> OBJECT_OPERATORS = Map.of("$eq", "=", "$ne", "!=", "$gt", ">", "$gte", ">=",
            "$lt", "<", "$lte", "<=", "$in", "in", "$nin", "not in", "$like", "like");

    private final ObjectDef def;
    private final String alias;
    private final Context context;
    private final SqlParams params;
    private final List<ErrorDetail> errors;
    /** How many related tables this filter has joined: each gets its own alias ({@code r1}, {@code r2}...). */
    private final int[] related;
    private final int depth;

    private FilterCompiler(ObjectDef def, String alias, Context context, SqlParams params, List<ErrorDetail> errors,
            int[] related, int depth) {
        this.def = def;
        this.alias = alias;
        this.context = context;
        this.params = params;
        this.errors = errors;
        this.related = related;
        this.depth = depth;
    }

    /** A compiler for a related table, sharing this one's parameters, errors and aliases. */
    private FilterCompiler on(ObjectDef other, String otherAlias, int nesting) {
        return new FilterCompiler(other, otherAlias, context, params, errors, related, nesting);
    }

    /**
     * Whether a compiled condition reaches into another table (a filter on a parent's or a child's field, which
     * compiles to an EXISTS): counting its matches is then a join, not a walk of one index.
     */
    public static boolean joins(String where) {
        return where != null && where.contains("EXISTS (SELECT 1 FROM ");
    }

    /**
     * The condition of {@code filters} on {@code def}'s table aliased {@code alias}, or an empty string
     * when there are none; throws VALIDATION_ERROR listing every bad filter.
     */
    public static String compile(ObjectDef def, String alias, JsonNode filters, Context context, SqlParams params) {
        if (filters == null || filters.isNull() || filters.isEmpty() && (filters.isArray() || filters.isObject())) {
            return "";
        }
        if (!filters.isArray() && !filters.isObject()) {
            throw CrmException.validation("filters", "filters must be an array of [field, operator, value] or an object");
        }
        FilterCompiler compiler = new FilterCompiler(def, alias, context, params, new ArrayList<>(), new int[1], 0);
        int before = params.values().size();
        String condition = compiler.all(filters, "filters");
        // child filters nest 50 filters per level: bound the whole, below PostgreSQL's 65,535 parameters
        if (params.values().size() - before > MAX_VALUES) {
            throw CrmException.validation("filters", "Filters may hold at most " + MAX_VALUES + " values in all, not "
                    + (params.values().size() - before) + ": narrow them, or split the request");
        }
        if (!compiler.errors.isEmpty()) {
            throw CrmException.validation(compiler.errors.size() == 1 ? compiler.errors.get(0).message()
                    : "Invalid filters: " + compiler.errors.size() + " problems", compiler.errors);
        }
        return condition;
    }

    /** The AND of {@code filters} (an array or an object, found at {@code where}), or empty. */
    private String all(JsonNode filters, String where) {
        List<String> conditions = new ArrayList<>();
        if (filters.isArray()) {
            if (filters.size() > MAX_FILTERS) {
                fail(where, "At most " + MAX_FILTERS + " filters");
                return "";
            }
            for (int i = 0; i < filters.size(); i++) {
                String condition = arrayFilter(filters.get(i), where + "[" + i + "]");
                if (condition != null) {
                    conditions.add(condition);
                }
            }
        } else if (filters.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = filters.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                conditions.addAll(objectFilter(entry.getKey(), entry.getValue(), where + "." + entry.getKey()));
            }
        } else {
            fail(where, "Filters are an array of [field, operator, value] or an object, not " + abbreviate(filters));
        }
        return String.join(" AND ", conditions);
    }

    private String arrayFilter(JsonNode filter, String where) {
        if (!filter.isArray() || filter.size() < 2 || filter.size() > 3 || !filter.get(0).isTextual() || !filter.get(1).isTextual()) {
            return fail(where, "A filter is [field, operator, value] or [field, \"is null\"], not " + abbreviate(filter));
        }
        String name = filter.get(0).asText();
        String op = filter.get(1).asText().strip().toLowerCase(Locale.ROOT);
        if (op.equals("exists") || op.equals("not exists")) {
            return children(name, op.equals("exists"), filter.size() == 3 ? filter.get(2) : null, where);
        }
        return condition(name, op, filter.size() == 2 ? null : filter.get(2), where);
    }

    private List<String> objectFilter(String name, JsonNode spec, String where) {
        if (!spec.isObject()) {
            String condition = condition(name, "=", spec, where);
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
            String condition = condition(name, op, entry.getValue(), where);
            if (condition != null) {
                conditions.add(condition);
            }
        }
        return conditions;
    }

    /**
     * {@code name op value} ({@code value} null for a unary operator), where {@code name} is a field of this object
     * or a parent's in dot notation: then an EXISTS per lookup, each parent's access condition inside. A missing or
     * unreadable parent makes the value null, so a condition that holds for null ({@code is null}, {@code !=},
     * {@code not in}) is written as "no readable parent chain whose value fails it".
     */
    private String condition(String name, String op, JsonNode value, String where) {
        String[] parts = name.split("\\.", -1);
        if (parts.length == 1) {
            FieldDef field = field(name, where);
            return field == null ? null : value == null ? unary(field, op, where) : binary(field, op, value, where);
        }
        if (parts.length > MAX_DEPTH + 1) {
            return fail(where, "Field paths go at most " + MAX_DEPTH + " relationships deep");
        }
        List<String> opens = new ArrayList<>();
        FilterCompiler current = this;
        for (int i = 0; i < parts.length - 1; i++) {
            FieldDef lookup = current.def.parentRelationship(parts[i]).orElse(null);
            ObjectDef parent = lookup == null ? null : context.relations().parent(lookup).orElse(null);
            if (parent == null) {
                return fail(where, "'" + abbreviate(parts[i]) + "' is not a parent relationship of " + current.def.name());
            }
            String parentAlias = "r" + (++related[0]);
            String readable = context.relations().readable(parent, parentAlias, params);
            opens.add("EXISTS (SELECT 1 FROM " + crmTable(parent.table()) + " " + parentAlias + " WHERE " + parentAlias
                    + ".\"id\" = " + current.alias + "." + quote(lookup.column())
                    + (readable == null ? "" : " AND " + readable) + " AND ");
            current = on(parent, parentAlias, depth);
        }
        FieldDef field = current.field(parts[parts.length - 1], where);
        if (field == null) {
            return null;
        }
        String inner = value == null ? current.unary(field, op, where) : current.binary(field, op, value, where);
        if (inner == null) {
            return null;
        }
        boolean holdsForNull = value == null ? op.equals("is null")
                : value.isNull() ? op.equals("=") : op.equals("!=") || op.equals("<>") || op.equals("not in");
        StringBuilder sql = new StringBuilder(holdsForNull ? "NOT " : "");
        opens.forEach(sql::append);
        sql.append(holdsForNull ? "NOT (" + inner + ")" : inner).append(")".repeat(opens.size()));
        return sql.toString();
    }

    /** {@code [relationship, "exists" | "not exists", filters?]}: children the caller may read, passing the filters. */
    private String children(String relationship, boolean exists, JsonNode filters, String where) {
        if (depth >= MAX_DEPTH) {
            return fail(where, "Child filters nest at most " + MAX_DEPTH + " deep");
        }
        FilterCompiler.Relations.Child child = context.relations().child(def, relationship).orElse(null);
        if (child == null) {
            return fail(where, "'" + abbreviate(relationship) + "' is not a child relationship of " + def.name()
                    + " (use its plural name, like Opportunities on Account)");
        }
        if (filters != null && !filters.isArray() && !filters.isObject()) {
            return fail(where, "'" + (exists ? "exists" : "not exists") + "' takes the children's filters, like "
                    + "[[\"IsClosed\", \"=\", false]], or nothing");
        }
        String childAlias = "r" + (++related[0]);
        String readable = context.relations().readable(child.object(), childAlias, params);
        String inner = filters == null ? "" : on(child.object(), childAlias, depth + 1).all(filters, where + "[2]");
        return (exists ? "" : "NOT ") + "EXISTS (SELECT 1 FROM " + crmTable(child.object().table()) + " " + childAlias
                + " WHERE " + childAlias + "." + quote(child.lookup().column()) + " = " + alias + ".\"id\""
                + (readable == null ? "" : " AND " + readable) + (inner.isEmpty() ? "" : " AND " + inner) + ")";
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
