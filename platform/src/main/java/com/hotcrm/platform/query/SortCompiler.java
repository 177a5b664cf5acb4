package com.hotcrm.platform.query;

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
 * never shuffle between pages. Empty values sort last either way.
 */
public final class SortCompiler {

    static final int MAX_SORT_FIELDS = 5;

    private SortCompiler() {
    }

    /** One ORDER BY term: a field and its direction (empty values always last). */
    public record Term(FieldDef field, boolean descending) {
    }

    public static String orderBy(ObjectDef def, String alias, JsonNode sort) {
        return orderBy(alias, terms(def, sort));
    }

    public static String orderBy(String alias, List<Term> terms) {
        List<String> sql = new ArrayList<>();
        for (Term term : terms) {
            boolean id = term.field().name().equals("Id");
            sql.add(alias + "." + quote(term.field().column()) + (term.descending() ? " DESC" : " ASC") + (id ? "" : " NULLS LAST"));
        }
        return " ORDER BY " + String.join(", ", sql);
    }

    /**
     * The sort's terms, checked against metadata, always ending on {@code Id} so that the order is total
     * (which keyset pagination needs).
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
            terms.add(new Term(def.field("Id").orElseThrow(), false));
        }
        return terms;
    }

    /**
     * The condition "comes after {@code last} in this order", for keyset pagination: for terms t1..tn,
     * {@code t1 beyond v1 OR (t1 = v1 AND (t2 beyond v2 OR (...)))}, where empty values sort last.
     *
     * @param last the values of the terms on the last row of the previous page (Id last, never null)
     */
    public static String after(String alias, List<Term> terms, List<Object> last, SqlParams params) {
        return after(alias, terms, last, params, 0);
    }

    private static String after(String alias, List<Term> terms, List<Object> last, SqlParams params, int i) {
        Term term = terms.get(i);
        String column = alias + "." + quote(term.field().column());
        Object value = last.get(i);
        if (i == terms.size() - 1) {
            return column + (term.descending() ? " < " : " > ") + params.add(value);
        }
        if (value == null) {
            return "(" + column + " IS NULL AND " + after(alias, terms, last, params, i + 1) + ")";
        }
        String placeholder = params.add(value);
        String rest = after(alias, terms, last, params, i + 1);
        String beyond = "(" + column + (term.descending() ? " < " : " > ") + placeholder + " OR " + column + " IS NULL)";
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
