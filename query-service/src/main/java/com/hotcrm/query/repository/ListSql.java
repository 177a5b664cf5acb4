package com.hotcrm.query.repository;

import static com.hotcrm.platform.metadata.Naming.quote;

import java.util.ArrayList;
import java.util.List;

import com.hotcrm.data.records.SelectSql;
import com.hotcrm.data.query.SortCompiler;

/**
 * The statement of one page of a list: the selected columns, the sort terms' values (its last columns, read back
 * into the next cursor), the condition, the order and {@code LIMIT limit + 1} (the extra row says whether there are more).
 * <p>
 * On a later page the condition also holds the keyset runs of {@link SortCompiler#after}: one run is one
 * statement; two runs (the rest of the non-empty values, then the empty ones, or the other way round) are one
 * statement each, limited, joined by UNION ALL and ordered again, so each walks the sort index from where
 * the cursor points and none reads more than a page.
 */
public final class ListSql {

    private ListSql() {
    }

    /**
     * @param where the filters and visibility condition, or empty
     * @param runs the keyset runs after the cursor, or empty on a first page
     */
    public static String rows(SelectSql select, String where, List<String> runs, List<SortCompiler.Term> terms, int limit,
            int offset) {
        List<String> keyColumns = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            keyColumns.add("t0." + quote(terms.get(i).field().column()) + " AS " + SortCompiler.keyColumn(i));
        }
        String head = "SELECT " + select.columns() + ", " + String.join(", ", keyColumns) + " FROM " + select.from();
        String order = SortCompiler.orderBy("t0", terms);
        String page = " LIMIT " + (limit + 1) + (offset > 0 ? " OFFSET " + offset : "");
        if (runs.isEmpty()) {
            return head + (where.isEmpty() ? "" : " WHERE " + where) + order + page;
        }
        if (runs.size() == 1) {
            return head + " WHERE " + and(where, runs.get(0)) + order + page;
        }
        List<String> parts = new ArrayList<>();
        for (String run : runs) {
            parts.add("(" + head + " WHERE " + and(where, run) + order + " LIMIT " + (limit + 1) + ")");
        }
        return "SELECT * FROM (" + String.join(" UNION ALL ", parts) + ") runs" + SortCompiler.orderByKeys(terms) + page;
    }

    private static String and(String where, String run) {
        return where.isEmpty() ? run : "(" + where + ") AND " + run;
    }
}
