package com.hotcrm.platform.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.StandardObjects;

class SortCompilerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectDef opportunity = StandardObjects.all().stream().filter(d -> d.name().equals("Opportunity"))
            .findFirst().orElseThrow();

    private String orderBy(String sort) throws Exception {
        return SortCompiler.orderBy(opportunity, "t0", sort == null ? null : JSON.readTree(sort));
    }

    @Test
    void everyFormEndsOnTheIdSoPagesNeverShuffle() throws Exception {
        assertEquals(" ORDER BY t0.\"id\" ASC", orderBy(null));
        assertEquals(" ORDER BY t0.\"amount\" DESC NULLS LAST, t0.\"id\" ASC", orderBy("\"-Amount\""));
        assertEquals(" ORDER BY t0.\"name\" ASC NULLS LAST, t0.\"amount\" DESC NULLS LAST, t0.\"id\" ASC", orderBy("\"Name,-Amount\""));
        assertEquals(" ORDER BY t0.\"amount\" DESC NULLS LAST, t0.\"id\" ASC", orderBy("[[\"Amount\", \"desc\"]]"));
        assertEquals(" ORDER BY t0.\"amount\" DESC NULLS LAST, t0.\"id\" ASC", orderBy("[\"Amount\", \"desc\"]"));
        assertEquals(" ORDER BY t0.\"stage\" ASC NULLS LAST, t0.\"amount\" DESC NULLS LAST, t0.\"id\" ASC",
                orderBy("[\"Stage\", \"-Amount\"]"));
        assertEquals(" ORDER BY t0.\"id\" DESC NULLS LAST", orderBy("\"-Id\""));
    }

    @Test
    void unknownFieldsAndDirectionsAreValidationErrors() {
        assertThrows(CrmException.class, () -> orderBy("\"Name; DROP TABLE x\""));
        assertThrows(CrmException.class, () -> orderBy("[[\"Amount\", \"sideways\"]]"));
        assertThrows(CrmException.class, () -> orderBy("42"));
    }
}
