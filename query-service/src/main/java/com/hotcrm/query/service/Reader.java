package com.hotcrm.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.records.FieldSelection;
import com.hotcrm.data.records.SelectSql;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.data.query.FilterCompiler;
import com.hotcrm.data.query.SqlParams;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.ObjectPermissions.Operation;

/**
 * Who is reading, and what that limits: every statement over an object's table gets the caller's filters
 * ({@code $currentUser} is them; parents and children in them only as far as the caller may read those) AND the
 * rows they may read (AccessPolicy), so lists, queries, related
 * children, counts, sums and groups only ever see visible records. A parent shown through a lookup (dot
 * notation, or related on a parent) is shown only when the caller may read it too; otherwise it is null,
 * like an empty lookup, and so is everything reached through it.
 */
public record Reader(Caller caller, AccessPolicy policy, MetadataRegistry registry) {

    /** The object without the fields hidden from the caller: use it for every name a request gives. */
    public ObjectDef view(ObjectDef def) {
        return policy.view(caller, def);
    }

    /** PERMISSION_ERROR when the caller's roles may not read the object; else its condition, possibly empty. */
    public String where(ObjectDef def, String alias, JsonNode filters, SqlParams params) {
        policy.require(caller, def, Operation.READ);
        String filter = FilterCompiler.compile(def, alias, filters,
                FilterCompiler.Context.now(caller.userId(), policy.relations(caller, registry)), params);
        String visible = policy.readable(caller, def, alias, params);
        if (visible == null) {
            return filter;
        }
        return filter.isEmpty() ? visible : "(" + filter + ") AND " + visible;
    }

    /** Whether no record-access condition narrows what the caller reads of {@code def}. */
    public boolean readsEveryRow(ObjectDef def) {
        return policy.readsEveryRow(caller, def);
    }

    /** The select of {@code selection}, its parents joined only where the caller may read them; values go to {@code params}. */
    public SelectSql select(FieldSelection selection, SqlParams params) {
        return SelectSql.readableBy(selection, policy, caller, params);
    }

    /** The condition on {@code alias} that keeps only parents the caller may read, or null when all are. */
    public String readableParent(ObjectDef def, String alias, SqlParams params) {
        return policy.readableParent(caller, def, alias, params);
    }
}
