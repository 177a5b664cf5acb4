package com.hotcrm.records.service;

import java.util.List;

import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.DatabaseFailures;
import com.hotcrm.platform.error.ErrorDetail;

import io.vertx.pgclient.PgException;

/**
 * What a database constraint violation means to the client: the constraint is traced back through
 * metadata to the field it guards, so the error names the field and never shows SQL.
 */
final class PgErrors {

    static final String FOREIGN_KEY_VIOLATION = "23503";

    private PgErrors() {
    }

    /** Translates a failed write; anything it does not recognise is passed on unchanged (a 500). */
    static Throwable translate(Throwable failure, MetadataRegistry registry, boolean deleting) {
        if (!(failure instanceof PgException pg)) {
            return failure;
        }
        var owner = pg.getConstraint() == null ? null : registry.constraintOwner(pg.getConstraint()).orElse(null);
        if (DatabaseFailures.UNIQUE_VIOLATION.equals(pg.getSqlState()) && owner != null) {
            String field = owner.field().name();
            return CrmException.duplicate(field, "Another " + owner.object().name() + " already has this " + field);
        }
        if (FOREIGN_KEY_VIOLATION.equals(pg.getSqlState()) && owner != null) {
            if (deleting) {
                String relationship = owner.field().childRelationshipName();
                return CrmException.reference("Cannot delete: " + owner.object().labelPlural() + " still reference it",
                        List.of(ErrorDetail.of(relationship, owner.object().labelPlural() + " reference this record")));
            }
            String field = owner.field().name();
            return CrmException.validation(field, field + " does not point at an existing " + owner.field().target());
        }
        return failure;
    }
}
