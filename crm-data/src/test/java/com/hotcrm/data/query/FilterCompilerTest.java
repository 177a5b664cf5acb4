package com.hotcrm.data.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.StandardObjects;

class FilterCompilerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 28); // a Saturday in Q4
    private static final FilterCompiler.Context CONTEXT = new FilterCompiler.Context(TODAY,
            Instant.parse("2026-11-28T12:00:00Z"), "usr_01ME");

    private final ObjectDef opportunity = StandardObjects.all().stream().filter(d -> d.name().equals("Opportunity"))
            .findFirst().orElseThrow();

    private record Compiled(String sql, List<Object> params) {
    }

    private Compiled compile(String filters) throws Exception {
        SqlParams params = new SqlParams();
        JsonNode node = JSON.readTree(filters);
        return new Compiled(FilterCompiler.compile(opportunity, "t0", node, CONTEXT, params), params.values());
    }

    @Test
    void seedExampleCompilesToBoundConditions() throws Exception {
        Compiled c = compile("[[\"Stage\", \"!=\", \"Closed Lost\"], [\"Amount\", \">\", 10000], [\"CloseDate\", \"this_quarter\"]]");
        assertEquals("t0.\"stage\" IS DISTINCT FROM $1 AND t0.\"amount\" > $2 AND (t0.\"close_date\" >= $3 AND t0.\"close_date\" < $4)",
                c.sql());
        assertEquals(List.of("Closed Lost", new BigDecimal("10000"), LocalDate.of(2026, 10, 1), LocalDate.of(2027, 1, 1)),
                c.params());
    }

    @Test
    void everyOperator() throws Exception {
        assertEquals("t0.\"name\" = $1", compile("[[\"Name\", \"=\", \"Deal\"]]").sql());
        assertEquals("t0.\"amount\" >= $1", compile("[[\"Amount\", \">=\", 5]]").sql());
        assertEquals("t0.\"amount\" < $1", compile("[[\"Amount\", \"<\", 5]]").sql());
        assertEquals("t0.\"amount\" <= $1", compile("[[\"Amount\", \"<=\", 5]]").sql());
        assertEquals("t0.\"stage\" IS DISTINCT FROM $1", compile("[[\"Stage\", \"<>\", \"Proposal\"]]").sql());
        assertEquals("t0.\"stage\" IN ($1, $2)", compile("[[\"Stage\", \"in\", [\"Proposal\", \"Negotiation\"]]]").sql());
        assertEquals("(t0.\"stage\" IS NULL OR t0.\"stage\" NOT IN ($1))", compile("[[\"Stage\", \"not in\", [\"Proposal\"]]]").sql());
        assertEquals("t0.\"name\" ILIKE $1", compile("[[\"Name\", \"like\", \"%Corp%\"]]").sql());
        assertEquals("t0.\"name\" ILIKE $1", compile("[[\"Name\", \"ilike\", \"%corp%\"]]").sql());
        assertEquals("t0.\"close_date\" BETWEEN $1 AND $2",
                compile("[[\"CloseDate\", \"between\", [\"2026-01-01\", \"2026-12-31\"]]]").sql());
        assertEquals("t0.\"next_step\" IS NULL", compile("[[\"NextStep\", \"is null\"]]").sql());
        assertEquals("t0.\"next_step\" IS NOT NULL", compile("[[\"NextStep\", \"is not null\"]]").sql());
        assertEquals("t0.\"next_step\" IS NULL", compile("[[\"NextStep\", \"=\", null]]").sql());
        assertEquals("t0.\"next_step\" IS NOT NULL", compile("[[\"NextStep\", \"!=\", null]]").sql());
        assertEquals("t0.\"is_closed\" = $1", compile("[[\"IsClosed\", \"=\", false]]").sql());
    }

    @ParameterizedTest
    @ValueSource(strings = { "today:2026-11-28:2026-11-29", "yesterday:2026-11-27:2026-11-28", "tomorrow:2026-11-29:2026-11-30",
            "this_week:2026-11-23:2026-11-30", "last_week:2026-11-16:2026-11-23", "this_month:2026-11-01:2026-12-01",
            "last_month:2026-10-01:2026-11-01", "this_quarter:2026-10-01:2027-01-01", "last_quarter:2026-07-01:2026-10-01",
            "next_quarter:2027-01-01:2027-04-01", "this_year:2026-01-01:2027-01-01", "last_year:2025-01-01:2026-01-01" })
    void dateLiteralsAreHalfOpenRanges(String spec) throws Exception {
        String[] parts = spec.split(":");
        Compiled c = compile("[[\"CloseDate\", \"" + parts[0] + "\"]]");
        assertEquals(List.of(LocalDate.parse(parts[1]), LocalDate.parse(parts[2])), c.params());
    }

    @Test
    void relativeRangesAndVariables() throws Exception {
        assertEquals(List.of(LocalDate.of(2026, 11, 21), LocalDate.of(2026, 11, 29)),
                compile("[[\"CloseDate\", \"last_n_days\", 7]]").params());
        assertEquals(List.of(LocalDate.of(2026, 11, 28), LocalDate.of(2026, 12, 29)),
                compile("[[\"CloseDate\", \"next_n_days\", 30]]").params());
        assertEquals(List.of("usr_01ME"), compile("[[\"OwnerId\", \"=\", \"$currentUser\"]]").params());
        assertEquals(List.of(LocalDate.of(2026, 11, 28)), compile("[[\"CloseDate\", \"<\", \"$today\"]]").params());
        assertEquals(List.of(OffsetDateTime.of(2026, 11, 28, 12, 0, 0, 0, ZoneOffset.UTC)),
                compile("[[\"CreatedDate\", \"<=\", \"$now\"]]").params());
        assertEquals(List.of(OffsetDateTime.of(2026, 11, 28, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 11, 29, 0, 0, 0, 0, ZoneOffset.UTC)), compile("[[\"CreatedDate\", \"today\"]]").params());
    }

    @Test
    void objectForm() throws Exception {
        Compiled c = compile("{\"Stage\": {\"$in\": [\"Proposal\", \"Negotiation\"]}, \"Amount\": {\"$gt\": 1000000}, \"Name\": \"Deal\"}");
        assertEquals("t0.\"stage\" IN ($1, $2) AND t0.\"amount\" > $3 AND t0.\"name\" = $4", c.sql());
        assertEquals("(t0.\"stage\" IS NULL OR t0.\"stage\" NOT IN ($1))", compile("{\"Stage\": {\"$nin\": [\"Proposal\"]}}").sql());
    }

    @Test
    void noFiltersIsNoCondition() throws Exception {
        assertEquals("", compile("[]").sql());
        assertEquals("", compile("null").sql());
    }

    @Test
    void everyBadFilterIsReportedTogetherNamingIt() {
        CrmException e = assertThrows(CrmException.class, () -> compile(
                "[[\"Nope\", \"=\", 1], [\"Amount\", \">\", \"lots\"], [\"Stage\", \"~\", \"x\"], [\"Amount\", \"like\", \"%1\"], \"junk\"]"));
        assertEquals("VALIDATION_ERROR", e.code().name());
        assertEquals(List.of("filters[0]", "filters[1]", "filters[2]", "filters[3]", "filters[4]"),
                e.details().stream().map(d -> d.field()).toList());
        assertTrue(e.details().get(1).message().contains("number"), e.details().get(1).message());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[[\"Name\\\"; DROP TABLE crm.account; --\", \"=\", 1]]",
            "[[\"Name\", \"= 1 OR 1=1 --\", \"x\"]]",
            "[[\"Amount\", \">\", 1e999999]]",
            "[[\"Name\", \"in\", [[\"nested\"]]]]",
            "[[\"Name\", \"=\", \"a\\u0000b\"]]",
            "[[\"Stage\", \"in\", []]]",
            "[[\"CloseDate\", \"last_n_days\", \"7; DROP\"]]",
            "{\"Amount\": {\"$where\": \"1=1\"}}",
            "[[\"IsClosed\", \">\", true]]",
            "[[\"CloseDate\", \"=\", \"+999999999-12-31\"]]",
            "[[\"CloseDate\", \">\", \"0000-01-01\"]]",
            "[[\"CreatedDate\", \"<\", \"-999999999-01-01T00:00:00Z\"]]",
            "[[\"Name\", \"=\\u0000\", \"x\"]]",
            "42" })
    void hostileInputIsAValidationErrorNeverSql(String filters) {
        CrmException e = assertThrows(CrmException.class, () -> compile(filters));
        assertEquals("VALIDATION_ERROR", e.code().name());
    }

    @Test
    void valuesThatLookLikeSqlAreJustBoundValues() throws Exception {
        Compiled c = compile("[[\"Name\", \"=\", \"x' OR '1'='1\"], [\"Name\", \"like\", \"%; DROP TABLE x; --\"]]");
        assertEquals("t0.\"name\" = $1 AND t0.\"name\" ILIKE $2", c.sql());
        assertEquals(List.of("x' OR '1'='1", "%; DROP TABLE x; --"), c.params());
    }
}
