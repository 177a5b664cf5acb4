package com.hotcrm.data.query;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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

    /** Every object of the standard metadata, every row readable only when owned by usr_01ME. */
    private static final FilterCompiler.Relations RELATIONS = new FilterCompiler.Relations() {
        @Override
        public java.util.Optional<ObjectDef> parent(com.hotcrm.platform.metadata.FieldDef lookup) {
            return StandardObjects.all().stream().filter(d -> d.name().equals(lookup.target())).findFirst();
        }

        @Override
        public java.util.Optional<Child> child(ObjectDef parent, String relationshipName) {
            for (ObjectDef def : StandardObjects.all()) {
                for (var field : def.fields()) {
                    if (field.isSingleLookup() && field.target().equals(parent.name())
                            && relationshipName.equals(field.childRelationshipName())) {
                        return java.util.Optional.of(new Child(def, field));
                    }
                }
            }
            return java.util.Optional.empty();
        }

        @Override
        public String readable(ObjectDef def, String alias, SqlParams params) {
            return alias + ".\"owner_id\" = " + params.add("usr_01ME");
        }
    };

    private Compiled related(ObjectDef def, String filters) throws Exception {
        SqlParams params = new SqlParams();
        FilterCompiler.Context context = new FilterCompiler.Context(TODAY, Instant.parse("2026-11-28T12:00:00Z"),
                "usr_01ME", RELATIONS);
        return new Compiled(FilterCompiler.compile(def, "t0", JSON.readTree(filters), context, params), params.values());
    }

    private static ObjectDef object(String name) {
        return StandardObjects.all().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aParentsFieldIsAnExistsOnTheParentItMayRead() throws Exception {
        Compiled c = related(opportunity, "[[\"Account.Industry\", \"=\", \"Finance\"], [\"Account.Parent.Name\", \"like\", \"G%\"]]");
        assertEquals("EXISTS (SELECT 1 FROM crm.\"account\" r1 WHERE r1.\"id\" = t0.\"account_id\" AND r1.\"owner_id\" = $1"
                + " AND r1.\"industry\" = $2)"
                + " AND EXISTS (SELECT 1 FROM crm.\"account\" r2 WHERE r2.\"id\" = t0.\"account_id\" AND r2.\"owner_id\" = $3"
                + " AND EXISTS (SELECT 1 FROM crm.\"account\" r3 WHERE r3.\"id\" = r2.\"parent_id\" AND r3.\"owner_id\" = $4"
                + " AND r3.\"name\" ILIKE $5))", c.sql());
        assertEquals(List.of("usr_01ME", "Finance", "usr_01ME", "usr_01ME", "G%"), c.params());
    }

    @Test
    void conditionsThatHoldForNullHoldForAMissingOrUnreadableParent() throws Exception {
        assertEquals("NOT EXISTS (SELECT 1 FROM crm.\"account\" r1 WHERE r1.\"id\" = t0.\"account_id\" AND r1.\"owner_id\" = $1"
                + " AND NOT (r1.\"industry\" IS NULL))", related(opportunity, "[[\"Account.Industry\", \"is null\"]]").sql());
        assertTrue(related(opportunity, "[[\"Account.Industry\", \"!=\", \"x\"]]").sql()
                .startsWith("NOT EXISTS"));
        assertTrue(related(opportunity, "{\"Account.Industry\": {\"$nin\": [\"x\"]}}").sql().startsWith("NOT EXISTS"));
        assertTrue(related(opportunity, "[[\"Account.Industry\", \"=\", null]]").sql().startsWith("NOT EXISTS"));
        // and those that do not, do not
        assertTrue(related(opportunity, "[[\"Account.Industry\", \"!=\", null]]").sql().startsWith("EXISTS"));
        assertTrue(related(opportunity, "[[\"Account.Industry\", \"is not null\"]]").sql().startsWith("EXISTS"));
    }

    @Test
    void childrenAreAnExistsOnTheirLookupWithTheirOwnFilters() throws Exception {
        ObjectDef account = object("Account");
        Compiled c = related(account, "[[\"Opportunities\", \"exists\", [[\"IsClosed\", \"=\", false], [\"Contact.LastName\", \"=\", \"Ng\"]]],"
                + " [\"Contacts\", \"not exists\"]]");
        assertEquals("EXISTS (SELECT 1 FROM crm.\"opportunity\" r1 WHERE r1.\"account_id\" = t0.\"id\" AND r1.\"owner_id\" = $1"
                + " AND r1.\"is_closed\" = $2 AND EXISTS (SELECT 1 FROM crm.\"contact\" r2 WHERE r2.\"id\" = r1.\"contact_id\""
                + " AND r2.\"owner_id\" = $3 AND r2.\"last_name\" = $4))"
                + " AND NOT EXISTS (SELECT 1 FROM crm.\"contact\" r3 WHERE r3.\"account_id\" = t0.\"id\" AND r3.\"owner_id\" = $5)",
                c.sql());
        assertEquals(List.of("usr_01ME", false, "usr_01ME", "Ng", "usr_01ME"), c.params());
    }

    @Test
    void relationshipsAreCheckedAndBounded() {
        CrmException unknown = assertThrows(CrmException.class, () -> related(opportunity,
                "[[\"Acount.Industry\", \"=\", \"x\"], [\"Account.Industri\", \"=\", \"x\"], [\"Deals\", \"exists\"]]"));
        assertEquals(List.of("filters[0]", "filters[1]", "filters[2]"), unknown.details().stream().map(d -> d.field()).toList());
        assertEquals("'Acount' is not a parent relationship of Opportunity", unknown.details().get(0).message());
        assertEquals("Unknown field 'Industri' on Account", unknown.details().get(1).message());
        assertTrue(unknown.details().get(2).message().startsWith("'Deals' is not a child relationship of Opportunity"));
        CrmException deep = assertThrows(CrmException.class, () -> related(object("Account"),
                "[[\"Parent.Parent.Parent.Parent.Parent.Parent.Name\", \"=\", \"x\"]]"));
        assertEquals("Field paths go at most 5 relationships deep", deep.getMessage());
        // child filters nest five deep (accounts under accounts), not six
        String five = "[\"Name\", \"=\", \"x\"]";
        for (int i = 0; i < 5; i++) {
            five = "[\"ChildAccounts\", \"exists\", [" + five + "]]";
        }
        String fiveDeep = "[" + five + "]";
        String sixDeep = "[[\"ChildAccounts\", \"exists\", [" + five + "]]]";
        assertTrue(assertDoesNotThrow(() -> related(object("Account"), fiveDeep)).sql().contains("r5.\"name\" = $"));
        CrmException six = assertThrows(CrmException.class, () -> related(object("Account"), sixDeep));
        assertEquals("Child filters nest at most 5 deep", six.getMessage());
        // 50 filters of 1,000 values at each of two levels: 100,000 values, past what one statement may bind
        StringBuilder many = new StringBuilder();
        String thousand = "[" + String.join(",", java.util.Collections.nCopies(1000, "\"x\"")) + "]";
        for (int f = 0; f < 49; f++) {
            many.append("[\"Name\", \"in\", ").append(thousand).append("], ");
        }
        String inner = "[" + many + "[\"Name\", \"in\", " + thousand + "]]";
        String twoLevels = "[" + many + "[\"ChildAccounts\", \"exists\", " + inner + "]]";
        CrmException tooMany = assertThrows(CrmException.class, () -> related(object("Account"), twoLevels));
        assertTrue(tooMany.getMessage().startsWith("Filters may hold at most 20000 values in all"), tooMany.getMessage());
        // without relations (a caller unknown), nothing is followed
        CrmException none = assertThrows(CrmException.class, () -> compile("[[\"Account.Industry\", \"=\", \"x\"]]"));
        assertEquals("'Account' is not a parent relationship of Opportunity", none.getMessage());
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
