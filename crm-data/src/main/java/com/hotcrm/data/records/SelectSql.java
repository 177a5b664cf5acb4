package com.hotcrm.data.records;

import static com.hotcrm.platform.metadata.Naming.crmTable;
import static com.hotcrm.platform.metadata.Naming.quote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.data.query.SqlParams;
import com.hotcrm.platform.security.Caller;

import io.vertx.mutiny.sqlclient.Row;

/**
 * The select list and FROM clause of a {@link FieldSelection}: the object's table as {@code t0}, each
 * parent reached through a lookup LEFT JOINed as {@code t1}, {@code t2}... (one statement, however deep),
 * and how to read a row of it back into a record with parents nested ({@code {"Account": {"Name": ...}}}).
 * <p>
 * Read for a caller ({@link #readableBy}), each join's ON clause also carries the condition of the parents the
 * caller may read ({@link AccessPolicy#readableParent}): a parent they may not read joins no row, so it comes
 * back null exactly like an empty lookup, and so does everything reached through it, at every depth. The
 * child's own lookup field (e.g. {@code AccountId}) is the child's and stays.
 */
public final class SelectSql {

    /** The extra join condition on a parent's table alias, or null for none. */
    @FunctionalInterface
    private interface ParentCondition {
        String on(ObjectDef parent, String alias);
    }

    /** A table of the statement: its fields' positions in the select list ({@code positions[i]} is field i's). */
    private record Node(FieldSelection selection, int[] positions, Map<String, Node> parents) {
    }

    private final Node root;
    private final String columns;
    private final String from;

    private SelectSql(Node root, String columns, String from) {
        this.root = root;
        this.columns = columns;
        this.from = from;
    }

    /**
     * Without any access condition on parents: only for the service's own reads (the record being changed or
     * deleted, all of its own fields and no parents). Whatever answers a caller goes through {@link #readableBy}.
     */
    public static SelectSql of(FieldSelection selection) {
        return of(selection, (parent, alias) -> null);
    }

    /**
     * For {@code caller}: parents they may not read join nothing. The conditions' values are added to
     * {@code params}, which must be the parameters of the statement this select goes into.
     */
    public static SelectSql readableBy(FieldSelection selection, AccessPolicy policy, Caller caller, SqlParams params) {
        return of(selection, (parent, alias) -> policy.readableParent(caller, parent, alias, params));
    }

    private static SelectSql of(FieldSelection selection, ParentCondition condition) {
        List<String> columns = new ArrayList<>();
        StringBuilder from = new StringBuilder(crmTable(selection.object().table())).append(" t0");
        int[] next = { 0 };
        Node root = plan(selection, "t0", columns, from, next, condition);
        return new SelectSql(root, String.join(", ", columns), from.toString());
    }

    private static Node plan(FieldSelection selection, String alias, List<String> columns, StringBuilder from, int[] next,
            ParentCondition condition) {
        int[] positions = new int[selection.fields().size()];
        for (int i = 0; i < positions.length; i++) {
            FieldDef field = selection.fields().get(i);
            positions[i] = columns.size();
            columns.add(alias + "." + quote(field.column()) + " AS " + quote(alias + "_" + field.column()));
        }
        Map<String, Node> parents = new LinkedHashMap<>();
        for (Map.Entry<String, FieldSelection.Parent> parent : selection.parents().entrySet()) {
            String parentAlias = "t" + (++next[0]);
            FieldSelection.Parent p = parent.getValue();
            ObjectDef parentObject = p.selection().object();
            from.append(" LEFT JOIN ").append(crmTable(parentObject.table())).append(' ').append(parentAlias)
                    .append(" ON ").append(parentAlias).append(".\"id\" = ").append(alias).append('.').append(quote(p.lookup().column()));
            String readable = condition.on(parentObject, parentAlias);
            if (readable != null) {
                from.append(" AND ").append(readable);
            }
            parents.put(parent.getKey(), plan(p.selection(), parentAlias, columns, from, next, condition));
        }
        return new Node(selection, positions, parents);
    }

    /**
     * The select list, every column aliased so that joined tables never clash. A statement starts its own select list
     * with it ({@code SELECT <columns>, <its own columns> ...}, or a {@code SELECT *} over such a subquery): {@link #read}
     * takes the values by position.
     */
    public String columns() {
        return columns;
    }

    /** The object's table as {@code t0} and its joined parents. */
    public String from() {
        return from;
    }

    public Map<String, Object> read(Row row) {
        return read(row, root);
    }

    /**
     * A row as a record. By position, not by the columns' names: a name would be built and looked up among the
     * statement's columns for every field of every row (a seventh of query-service's CPU serving 50-record lists).
     */
    private static Map<String, Object> read(Row row, Node node) {
        List<FieldDef> fields = node.selection().fields();
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            FieldDef field = fields.get(i);
            values.put(field.name(), RecordValues.read(row, node.positions()[i], field));
        }
        node.parents().forEach((name, parent) -> {
            Map<String, Object> parentValues = read(row, parent);
            values.put(name, parentValues.get("Id") == null ? null : parentValues);
        });
        return values;
    }
}
