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
        assertEquals(" ORDER BY t0.\"id\" DESC", orderBy("\"-Id\""));
    }

    @Test
    void keysetConditionComesAfterTheLastRowWithEmptyValuesLast() throws Exception {
        var terms = SortCompiler.terms(opportunity, JSON.readTree("\"-Amount\""));
        SqlParams params = new SqlParams();
        assertEquals("((t0.\"amount\" < $1 OR t0.\"amount\" IS NULL) OR (t0.\"amount\" = $1 AND t0.\"id\" > $2))",
                SortCompiler.after("t0", terms, java.util.Arrays.asList(new java.math.BigDecimal("500"), "opp_9"), params));
        assertEquals(2, params.values().size());
        SqlParams nulls = new SqlParams();
        assertEquals("(t0.\"amount\" IS NULL AND t0.\"id\" > $1)",
                SortCompiler.after("t0", terms, java.util.Arrays.asList(null, "opp_9"), nulls));
    }

    @Test
    void unknownFieldsAndDirectionsAreValidationErrors() {
        assertThrows(CrmException.class, () -> orderBy("\"Name; DROP TABLE x\""));
        assertThrows(CrmException.class, () -> orderBy("[[\"Amount\", \"sideways\"]]"));
        assertThrows(CrmException.class, () -> orderBy("42"));
        assertThrows(CrmException.class, () -> orderBy("\"Name\\u0000\""), "only whitespace is trimmed from names");
    }
}
