package com.hotcrm.data.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

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
    void everyFormEndsOnTheIdInTheDirectionOfTheLastKey() throws Exception {
        assertEquals(" ORDER BY t0.\"id\" ASC", orderBy(null));
        assertEquals(" ORDER BY t0.\"amount\" DESC NULLS LAST, t0.\"id\" DESC", orderBy("\"-Amount\""));
        assertEquals(" ORDER BY t0.\"amount\" ASC NULLS FIRST, t0.\"id\" ASC", orderBy("\"Amount\""));
        assertEquals(" ORDER BY t0.\"name\" ASC NULLS FIRST, t0.\"amount\" DESC NULLS LAST, t0.\"id\" DESC",
                orderBy("\"Name,-Amount\""));
        assertEquals(" ORDER BY t0.\"amount\" DESC NULLS LAST, t0.\"id\" DESC", orderBy("[[\"Amount\", \"desc\"]]"));
        assertEquals(" ORDER BY t0.\"amount\" DESC NULLS LAST, t0.\"id\" DESC", orderBy("[\"Amount\", \"desc\"]"));
        assertEquals(" ORDER BY t0.\"stage\" DESC NULLS LAST, t0.\"amount\" ASC NULLS FIRST, t0.\"id\" ASC",
                orderBy("[\"-Stage\", \"Amount\"]"));
        assertEquals(" ORDER BY t0.\"id\" DESC", orderBy("\"-Id\""));
        assertEquals(" ORDER BY t0.\"amount\" DESC NULLS LAST, t0.\"id\" ASC", orderBy("\"-Amount,Id\""));
    }

    private static List<Object> values(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void keysetOnOneKeyIsRunsAnIndexAnswersAsRanges() throws Exception {
        var descending = SortCompiler.terms(opportunity, JSON.readTree("\"-Amount\""));
        SqlParams params = new SqlParams();
        assertEquals(List.of("(t0.\"amount\", t0.\"id\") < ($1, $2)", "t0.\"amount\" IS NULL"),
                SortCompiler.after("t0", descending, values(new BigDecimal("500"), "opp_9"), params));
        assertEquals(List.of(new BigDecimal("500"), "opp_9"), params.values());
        assertEquals(List.of("(t0.\"amount\" IS NULL AND t0.\"id\" < $1)"),
                SortCompiler.after("t0", descending, values(null, "opp_9"), new SqlParams()));

        var ascending = SortCompiler.terms(opportunity, JSON.readTree("\"Amount\""));
        assertEquals(List.of("(t0.\"amount\", t0.\"id\") > ($1, $2)"),
                SortCompiler.after("t0", ascending, values(new BigDecimal("500"), "opp_9"), new SqlParams()));
        assertEquals(List.of("(t0.\"amount\" IS NULL AND t0.\"id\" > $1)", "t0.\"amount\" IS NOT NULL"),
                SortCompiler.after("t0", ascending, values(null, "opp_9"), new SqlParams()));

        assertEquals(List.of("t0.\"id\" < $1"),
                SortCompiler.after("t0", SortCompiler.terms(opportunity, JSON.readTree("\"-Id\"")), values("opp_9"), new SqlParams()));
    }

    @Test
    void keysetOnSeveralKeysTreatsEmptyAsTheSmallestValue() throws Exception {
        var terms = SortCompiler.terms(opportunity, JSON.readTree("\"Stage,-Amount\""));
        assertEquals("(t0.\"stage\" > $1 OR (t0.\"stage\" = $1 AND ((t0.\"amount\" < $2 OR t0.\"amount\" IS NULL) "
                + "OR (t0.\"amount\" = $2 AND t0.\"id\" < $3))))",
                SortCompiler.after("t0", terms, values("Won", new BigDecimal("5"), "opp_9"), new SqlParams()).get(0));
        assertEquals("(t0.\"stage\" IS NOT NULL OR (t0.\"stage\" IS NULL AND (t0.\"amount\" IS NULL AND t0.\"id\" < $1)))",
                SortCompiler.after("t0", terms, values(null, null, "opp_9"), new SqlParams()).get(0));
    }

    @Test
    void unknownFieldsAndDirectionsAreValidationErrors() {
        assertThrows(CrmException.class, () -> orderBy("\"Name; DROP TABLE x\""));
        assertThrows(CrmException.class, () -> orderBy("[[\"Amount\", \"sideways\"]]"));
        assertThrows(CrmException.class, () -> orderBy("42"));
        assertThrows(CrmException.class, () -> orderBy("\"Name\\u0000\""), "only whitespace is trimmed from names");
    }
}
