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

    public static String orderBy(ObjectDef def, String alias, JsonNode sort) {
        List<String> terms = new ArrayList<>();
        List<ErrorDetail> errors = new ArrayList<>();
        boolean byId = false;
        for (JsonNode item : items(sort)) {
            String name;
            boolean descending;
            if (item.isTextual()) {
                String text = item.asText().trim();
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
            terms.add(alias + "." + quote(field.column()) + (descending ? " DESC" : " ASC") + " NULLS LAST");
        }
        if (terms.size() > MAX_SORT_FIELDS) {
            errors.add(ErrorDetail.of("sort", "Sort by at most " + MAX_SORT_FIELDS + " fields"));
        }
        if (!errors.isEmpty()) {
            throw CrmException.validation(errors.get(0).message(), errors);
        }
        if (!byId) {
            terms.add(alias + ".\"id\" ASC");
        }
        return " ORDER BY " + String.join(", ", terms);
    }

    private static List<JsonNode> items(JsonNode sort) {
        List<JsonNode> items = new ArrayList<>();
        if (sort == null || sort.isNull()) {
            return items;
        }
        if (sort.isTextual()) {
            for (String part : sort.asText().split(",")) {
                if (!part.isBlank()) {
                    items.add(JsonNodeFactory.instance.textNode(part.trim()));
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
