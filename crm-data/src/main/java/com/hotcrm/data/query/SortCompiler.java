package com.hotcrm.data.query;

import static com.hotcrm.platform.metadata.Naming.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorDetail;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.ObjectDef;

/**
 * Compiles a sort ({@code "Name"}, {@code "-Amount"}, {@code "Name,-Amount"}, {@code ["-Amount", "Name"]}
 * or {@code [["Amount", "desc"]]}) to an ORDER BY that always ends on the record id, so that equal values
 * never shuffle between pages.
 * <p>
 * The order is Salesforce's default and the one the tables' indexes are built for: an empty value is the
 * smallest value, so ascending puts empty values first ({@code ASC NULLS FIRST}) and descending puts them
 * last ({@code DESC NULLS LAST}); the Id tiebreaker goes in the direction of the last key. Every indexed field
 * has an index on {@code (field NULLS FIRST, id)} (ObjectTableDdl), which PostgreSQL reads forward for
 * {@code field ASC NULLS FIRST, id ASC} and backward for {@code field DESC NULLS LAST, id DESC}: a sort on one
 * indexed field walks its index in both directions and never sorts the matches. The keyset condition
 * ({@link #after}) follows the same order, so a later page walks the index too.
 */
public final class SortCompiler {

    static final int MAX_SORT_FIELDS = 5;

    private SortCompiler() {
    }

    /** One ORDER BY term: a field and its direction (empty values first ascending, last descending). */
    public record Term(FieldDef field, boolean descending) {

        boolean isId() {
            return field.name().equals("Id");
        }

        String sql(String column) {
            if (isId()) {
                return column + (descending ? " DESC" : " ASC");
            }
            return column + (descending ? " DESC NULLS LAST" : " ASC NULLS FIRST");
        }
    }

    public static String orderBy(ObjectDef def, String alias, JsonNode sort) {
        return orderBy(alias, terms(def, sort));
    }

    public static String orderBy(String alias, List<Term> terms) {
        List<String> sql = new ArrayList<>();
        for (Term term : terms) {
            sql.add(term.sql(alias + "." + quote(term.field().column())));
        }
        return " ORDER BY " + String.join(", ", sql);
    }

    /**
     * The same order over the output columns {@code keyColumn(0)}, {@code keyColumn(1)}... of a statement that
     * selected the terms' values under those names (what orders the union of {@link #after}'s segments).
     */
    public static String orderByKeys(List<Term> terms) {
        List<String> sql = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            sql.add(terms.get(i).sql(keyColumn(i)));
        }
        return " ORDER BY " + String.join(", ", sql);
    }

    /** The name under which a list statement selects the value of its i-th sort term. */
    public static String keyColumn(int i) {
        return "\"__k" + i + "\"";
    }

    /**
     * The sort's terms, checked against metadata, always ending on {@code Id} (in the direction of the last
     * key) so that the order is total, which keyset pagination needs.
     */
    public static List<Term> terms(ObjectDef def, JsonNode sort) {
        List<Term> terms = new ArrayList<>();
        List<ErrorDetail> errors = new ArrayList<>();
        boolean byId = false;
        for (JsonNode item : items(sort)) {
            String name;
            boolean descending;
            if (item.isTextual()) {
                String text = item.asText().strip();
                descending = text.startsWith("-");
                name = descending ? text.substring(1) : text;
            } else if (item.isArray() && item.size() == 2 && item.get(0).isTextual() && item.get(1).isTextual()) {
                name = item.get(0).asText();
                String direction = item.get(1).asText().toLowerCase(Locale.ROOT);
                if (!direction.equals("asc") && !direction.equals("desc")) {
                    errors.add(ErrorDetail.of("sort", "Sort direction is asc or desc, not '" + item.get(1).asText() + "'"));
                    continue;
                }
                descending = direction.equals("desc");
            } else {
                errors.add(ErrorDetail.of("sort", "Sort by \"Name\", \"-Amount\" or [\"Amount\", \"desc\"]"));
                continue;
            }
            FieldDef field = def.field(name).orElse(null);
            if (field == null) {
                errors.add(ErrorDetail.of("sort", "Unknown sort field '" + name + "' on " + def.name()));
                continue;
            }
            byId |= field.name().equals("Id");
            terms.add(new Term(field, descending));
        }
        if (terms.size() > MAX_SORT_FIELDS) {
            errors.add(ErrorDetail.of("sort", "Sort by at most " + MAX_SORT_FIELDS + " fields"));
        }
        if (!errors.isEmpty()) {
            throw CrmException.validation(errors.get(0).message(), errors);
        }
        if (!byId) {
            boolean descending = !terms.isEmpty() && terms.get(terms.size() - 1).descending();
            terms.add(new Term(def.field("Id").orElseThrow(), descending));
        }
        return terms;
    }

    /**
     * The rows that come after {@code last} in this order, for keyset pagination, as one or two conditions
     * each selecting a run of consecutive rows, in order (the first run's rows all come before the second's).
     * <p>
     * For one key and its Id tiebreaker (the common case) each condition is one an index on
     * {@code (field NULLS FIRST, id)} answers as a range: {@code (field, id) > (v, id)} is a row comparison
     * PostgreSQL starts the index scan at, and the empty values are the run at one end
     * ({@code field IS NULL AND id > v}, {@code field IS NULL}, {@code field IS NOT NULL}). Two runs are two
     * index scans the caller puts together with UNION ALL, because an OR of them could not start a scan.
     * For more keys it is one condition: t1 beyond v1 OR (t1 = v1 AND (t2 beyond v2 OR (...))).
     *
     * @param last the values of the terms on the last row of the previous page (Id last, never null)
     */
    public static List<String> after(String alias, List<Term> terms, List<Object> last, SqlParams params) {
        Term first = terms.get(0);
        String column = alias + "." + quote(first.field().column());
        if (terms.size() == 1) {
            return List.of(column + (first.descending() ? " < " : " > ") + params.add(last.get(0)));
        }
        Term id = terms.get(1);
        if (terms.size() == 2 && id.isId() && !first.isId() && id.descending() == first.descending()) {
            String idColumn = alias + "." + quote(id.field().column());
            String beyond = first.descending() ? " < " : " > ";
            Object value = last.get(0);
            if (value == null) {
                String nullRun = "(" + column + " IS NULL AND " + idColumn + beyond + params.add(last.get(1)) + ")";
                // ascending, the empty values come first and every value after them; descending, they are the end
                return first.descending() ? List.of(nullRun) : List.of(nullRun, column + " IS NOT NULL");
            }
            String range = "(" + column + ", " + idColumn + ")" + beyond + "(" + params.add(value) + ", "
                    + params.add(last.get(1)) + ")";
            return first.descending() ? List.of(range, column + " IS NULL") : List.of(range);
        }
        return List.of(nested(alias, terms, last, params, 0));
    }

    private static String nested(String alias, List<Term> terms, List<Object> last, SqlParams params, int i) {
        Term term = terms.get(i);
        String column = alias + "." + quote(term.field().column());
        Object value = last.get(i);
        if (i == terms.size() - 1) {
            return column + (term.descending() ? " < " : " > ") + params.add(value);
        }
        if (value == null) {
            // empty is the smallest value: after it come the other empty ones (by the next keys), then, ascending, every value
            String same = "(" + column + " IS NULL AND " + nested(alias, terms, last, params, i + 1) + ")";
            return term.descending() ? same : "(" + column + " IS NOT NULL OR " + same + ")";
        }
        String placeholder = params.add(value);
        String rest = nested(alias, terms, last, params, i + 1);
        String beyond = term.descending() ? "(" + column + " < " + placeholder + " OR " + column + " IS NULL)"
                : column + " > " + placeholder;
        return "(" + beyond + " OR (" + column + " = " + placeholder + " AND " + rest + "))";
    }

    private static List<JsonNode> items(JsonNode sort) {
        List<JsonNode> items = new ArrayList<>();
        if (sort == null || sort.isNull()) {
            return items;
        }
        if (sort.isTextual()) {
            for (String part : sort.asText().split(",")) {
                if (!part.isBlank()) {
                    items.add(JsonNodeFactory.instance.textNode(part.strip()));
                }
            }
        } else if (sort.isArray()) {
            boolean pair = sort.size() == 2 && sort.get(0).isTextual() && sort.get(1).isTextual()
                    && List.of("asc", "desc").contains(sort.get(1).asText().toLowerCase(Locale.ROOT));
            if (pair) {
                items.add(sort);
            } else {
                sort.forEach(items::add);
            }
        } else {
            throw CrmException.validation("sort", "Sort by \"Name\", \"-Amount\" or [[\"Amount\", \"desc\"]]");
        }
        return items;
    }
}
