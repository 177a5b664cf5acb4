package com.hotcrm.query.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.devstack.testing.PostgresTestResource;
import com.hotcrm.query.CrmFixture;
import com.hotcrm.query.FilterProbe;
import com.hotcrm.query.FilterProbe.Row;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Every operator and date literal of the filter language, through the REST endpoints over the real
 * database, returns exactly the rows that the fixture's values say in plain Java (java.time's ISO weeks,
 * year-months and quarters for the literals, never the compiler's own arithmetic or any SQL).
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class FilterLanguageTest {

    private static final LocalDate TODAY = CrmFixture.TODAY;

    @Inject
    MetadataRepository metadata;

    @BeforeEach
    void data() {
        CrmFixture.ensure(metadata);
        await().untilAsserted(() -> given().when().get("/v1/filterprobe__c").then().statusCode(200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({ "operators", "objectForm", "dateLiterals" })
    void aFilterReturnsExactlyTheRowsItDescribes(String filters, BiPredicate<Row, LocalDate> matches) {
        // relative filters mean the server's today: should midnight (UTC) pass during the requests, ask again
        for (int attempt = 1;; attempt++) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            List<String> expected = FilterProbe.ROWS.stream().filter(r -> matches.test(r, today)).map(Row::id).sorted().toList();
            List<String> listed = given().queryParam("filters", filters).queryParam("limit", 200).queryParam("fields", "Label__c")
                    .when().get("/v1/filterprobe__c")
                    .then().statusCode(200).extract().jsonPath().getList("records.Id");
            List<String> queried = given().contentType(ContentType.JSON)
                    .body("{\"object\": \"FilterProbe__c\", \"fields\": [\"Label__c\"], \"limit\": 200, \"filters\": " + filters + "}")
                    .when().post("/v1/query")
                    .then().statusCode(200).extract().jsonPath().getList("records.Id");
            int counted = given().queryParam("filters", filters).when().get("/v1/filterprobe__c/count")
                    .then().statusCode(200).extract().path("count");
            if (!today.equals(LocalDate.now(ZoneOffset.UTC)) && attempt == 1) {
                continue;
            }
            assertEquals(expected, listed, "GET /v1/filterprobe__c");
            assertEquals(expected, queried, "POST /v1/query");
            assertEquals(expected.size(), counted, "GET /v1/filterprobe__c/count");
            return;
        }
    }

    static Stream<Arguments> operators() {
        BigDecimal ten = new BigDecimal(10);
        Instant noon = TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC);
        return Stream.of(
                c("[[\"Score__c\", \"=\", 10]]", (r, t) -> cmp(r.score(), ten) == 0),
                c("[[\"Score__c\", \"!=\", 10]]", (r, t) -> r.score() == null || cmp(r.score(), ten) != 0),
                c("[[\"Score__c\", \"<>\", 10]]", (r, t) -> r.score() == null || cmp(r.score(), ten) != 0),
                c("[[\"Score__c\", \">\", 10]]", (r, t) -> r.score() != null && cmp(r.score(), ten) > 0),
                c("[[\"Score__c\", \">=\", 10]]", (r, t) -> r.score() != null && cmp(r.score(), ten) >= 0),
                c("[[\"Score__c\", \"<\", 10]]", (r, t) -> r.score() != null && cmp(r.score(), ten) < 0),
                c("[[\"Score__c\", \"<=\", 10]]", (r, t) -> r.score() != null && cmp(r.score(), ten) <= 0),
                c("[[\"Score__c\", \">\", -1.25]]", (r, t) -> r.score() != null && cmp(r.score(), new BigDecimal("-1.25")) > 0),
                c("[[\"Score__c\", \"in\", [0, 10, 250]]]", (r, t) -> r.score() != null && Set.of(0, 10, 250).stream()
                        .anyMatch(v -> cmp(r.score(), new BigDecimal(v)) == 0)),
                c("[[\"Score__c\", \"not in\", [0, 10]]]", (r, t) -> r.score() == null || cmp(r.score(), BigDecimal.ZERO) != 0
                        && cmp(r.score(), ten) != 0),
                c("[[\"Score__c\", \"NOT IN\", [1.5]]]", (r, t) -> r.score() == null || cmp(r.score(), new BigDecimal("1.5")) != 0),
                c("[[\"Score__c\", \"between\", [0, 100]]]", (r, t) -> r.score() != null && cmp(r.score(), BigDecimal.ZERO) >= 0
                        && cmp(r.score(), new BigDecimal(100)) <= 0),
                c("[[\"Score__c\", \"is null\"]]", (r, t) -> r.score() == null),
                c("[[\"Score__c\", \"is not null\"]]", (r, t) -> r.score() != null),
                c("[[\"Score__c\", \"=\", null]]", (r, t) -> r.score() == null),
                c("[[\"Score__c\", \"!=\", null]]", (r, t) -> r.score() != null),
                c("[[\"Label__c\", \"=\", \"Alpha\"]]", (r, t) -> "Alpha".equals(r.label())),
                c("[[\"Label__c\", \"=\", \"alpha\"]]", (r, t) -> "alpha".equals(r.label())),
                c("[[\"Label__c\", \"=\", \"\"]]", (r, t) -> "".equals(r.label())),
                c("[[\"Label__c\", \"=\", \"O'Hara\"]]", (r, t) -> "O'Hara".equals(r.label())),
                c("[[\"Label__c\", \"!=\", \"Beta\"]]", (r, t) -> !"Beta".equals(r.label())),
                c("[[\"Label__c\", \"in\", [\"Beta\", \"DELTA\", \"nobody\"]]]", (r, t) -> oneOf(r.label(), "Beta", "DELTA")),
                c("[[\"Label__c\", \"like\", \"%alpha%\"]]", (r, t) -> r.label() != null && r.label().toLowerCase().contains("alpha")),
                c("[[\"Label__c\", \"like\", \"%\"]]", (r, t) -> r.label() != null),
                c("[[\"Label__c\", \"like\", \"Gamma\\\\%\"]]", (r, t) -> "Gamma%".equals(r.label())),
                c("[[\"Label__c\", \"ilike\", \"a%\"]]", (r, t) -> r.label() != null && r.label().toLowerCase().startsWith("a")),
                c("[[\"Label__c\", \"ilike\", \"_eta\"]]", (r, t) -> r.label() != null && r.label().length() == 4
                        && r.label().toLowerCase().endsWith("eta")),
                c("[[\"Label__c\", \"is null\"]]", (r, t) -> r.label() == null),
                c("[[\"Label__c\", \"IS NOT NULL\"]]", (r, t) -> r.label() != null),
                c("[[\"Kind__c\", \"in\", [\"Hot\", \"Cold\"]]]", (r, t) -> oneOf(r.kind(), "Hot", "Cold")),
                c("[[\"Kind__c\", \"not in\", [\"Hot\"]]]", (r, t) -> !"Hot".equals(r.kind())),
                c("[[\"Flag__c\", \"=\", true]]", (r, t) -> Boolean.TRUE.equals(r.flag())),
                c("[[\"Flag__c\", \"!=\", true]]", (r, t) -> !Boolean.TRUE.equals(r.flag())),
                c("[[\"Flag__c\", \"=\", false]]", (r, t) -> Boolean.FALSE.equals(r.flag())),
                c("[[\"Due__c\", \"=\", \"" + TODAY + "\"]]", (r, t) -> TODAY.equals(r.due())),
                c("[[\"Due__c\", \"!=\", \"" + TODAY + "\"]]", (r, t) -> !TODAY.equals(r.due())),
                c("[[\"Due__c\", \">\", \"" + TODAY.plusDays(5) + "\"]]", (r, t) -> r.due() != null && r.due().isAfter(TODAY.plusDays(5))),
                c("[[\"Due__c\", \"<=\", \"" + TODAY.minusDays(5) + "\"]]", (r, t) -> r.due() != null && !r.due().isAfter(TODAY.minusDays(5))),
                c("[[\"Due__c\", \"between\", [\"" + TODAY.minusDays(7) + "\", \"" + TODAY.plusDays(7) + "\"]]]",
                        (r, t) -> r.due() != null && !r.due().isBefore(TODAY.minusDays(7)) && !r.due().isAfter(TODAY.plusDays(7))),
                c("[[\"Due__c\", \"=\", \"$today\"]]", (r, t) -> t.equals(r.due())),
                c("[[\"Due__c\", \"<\", \"$today\"]]", (r, t) -> r.due() != null && r.due().isBefore(t)),
                c("[[\"At__c\", \">=\", \"" + noon + "\"]]", (r, t) -> r.at() != null && !r.at().isBefore(noon)),
                c("[[\"At__c\", \"<\", \"" + TODAY + "\"]]", (r, t) -> r.at() != null && r.at().isBefore(TODAY.atStartOfDay(ZoneOffset.UTC).toInstant())),
                c("[[\"At__c\", \"<\", \"$now\"]]", (r, t) -> r.at() != null && r.at().isBefore(Instant.now())),
                c("[[\"Score__c\", \">\", 0], [\"Kind__c\", \"=\", \"Hot\"], [\"Due__c\", \"is not null\"]]",
                        (r, t) -> r.score() != null && r.score().signum() > 0 && "Hot".equals(r.kind()) && r.due() != null));
    }

    static Stream<Arguments> objectForm() {
        BigDecimal ten = new BigDecimal(10);
        return Stream.of(
                c("{\"Score__c\": {\"$eq\": 10}}", (r, t) -> cmp(r.score(), ten) == 0),
                c("{\"Score__c\": {\"$ne\": 10}}", (r, t) -> r.score() == null || cmp(r.score(), ten) != 0),
                c("{\"Score__c\": {\"$gt\": 10}}", (r, t) -> r.score() != null && cmp(r.score(), ten) > 0),
                c("{\"Score__c\": {\"$gte\": 10}}", (r, t) -> r.score() != null && cmp(r.score(), ten) >= 0),
                c("{\"Score__c\": {\"$lt\": 10}}", (r, t) -> r.score() != null && cmp(r.score(), ten) < 0),
                c("{\"Score__c\": {\"$lte\": 10}}", (r, t) -> r.score() != null && cmp(r.score(), ten) <= 0),
                c("{\"Score__c\": {\"$gt\": 0, \"$lt\": 100}}", (r, t) -> r.score() != null && r.score().signum() > 0
                        && cmp(r.score(), new BigDecimal(100)) < 0),
                c("{\"Kind__c\": {\"$in\": [\"Warm\", \"Cold\"]}}", (r, t) -> oneOf(r.kind(), "Warm", "Cold")),
                c("{\"Kind__c\": {\"$nin\": [\"Warm\", \"Cold\"]}}", (r, t) -> !oneOf(r.kind(), "Warm", "Cold")),
                c("{\"Label__c\": {\"$like\": \"%BETA%\"}}", (r, t) -> r.label() != null && r.label().toLowerCase().contains("beta")),
                c("{\"Label__c\": \"Beta\"}", (r, t) -> "Beta".equals(r.label())),
                c("{\"Kind__c\": null}", (r, t) -> r.kind() == null),
                c("{\"Flag__c\": false, \"Kind__c\": \"Warm\"}", (r, t) -> Boolean.FALSE.equals(r.flag()) && "Warm".equals(r.kind())),
                c("{\"Due__c\": \"this_month\"}", (r, t) -> r.due() != null && YearMonth.from(r.due()).equals(YearMonth.from(t))),
                c("{\"Due__c\": {\"$eq\": \"last_quarter\"}}", (r, t) -> r.due() != null && quarter(r.due()) == quarter(t) - 1));
    }

    static Stream<Arguments> dateLiterals() {
        List<Arguments> cases = new ArrayList<>();
        for (String literal : List.of("today", "yesterday", "tomorrow", "this_week", "last_week", "next_week", "this_month",
                "last_month", "next_month", "this_quarter", "last_quarter", "next_quarter", "this_year", "last_year", "next_year")) {
            BiPredicate<LocalDate, LocalDate> in = (d, t) -> d != null && named(literal, d, t);
            assertFalse(FilterProbe.ROWS.stream().noneMatch(r -> in.test(r.due(), TODAY)), "the fixture has rows " + literal);
            cases.add(c("[[\"Due__c\", \"" + literal + "\"]]", (r, t) -> in.test(r.due(), t)));
            cases.add(c("[[\"Due__c\", \"=\", \"" + literal + "\"]]", (r, t) -> in.test(r.due(), t)));
            cases.add(c("[[\"At__c\", \"" + literal + "\"]]", (r, t) -> in.test(r.atDay(), t)));
        }
        for (String literal : List.of("last_n_days", "next_n_days")) {
            for (int n : new int[] { 0, 1, 7, 30, 365 }) {
                BiPredicate<LocalDate, LocalDate> in = (d, t) -> d != null && (literal.equals("last_n_days")
                        ? !d.isBefore(t.minusDays(n)) && !d.isAfter(t)
                        : !d.isBefore(t) && !d.isAfter(t.plusDays(n)));
                cases.add(c("[[\"Due__c\", \"" + literal + "\", " + n + "]]", (r, t) -> in.test(r.due(), t)));
                cases.add(c("[[\"At__c\", \"" + literal + "\", " + n + "]]", (r, t) -> in.test(r.atDay(), t)));
            }
        }
        return cases.stream();
    }

    /** What a named literal means, said with java.time's calendar fields (ISO weeks start on Monday). */
    private static boolean named(String literal, LocalDate d, LocalDate today) {
        return switch (literal) {
            case "today" -> d.equals(today);
            case "yesterday" -> d.equals(today.minusDays(1));
            case "tomorrow" -> d.equals(today.plusDays(1));
            case "this_week" -> week(d) == week(today);
            case "last_week" -> week(d) == week(today.minusWeeks(1));
            case "next_week" -> week(d) == week(today.plusWeeks(1));
            case "this_month" -> YearMonth.from(d).equals(YearMonth.from(today));
            case "last_month" -> YearMonth.from(d).equals(YearMonth.from(today).minusMonths(1));
            case "next_month" -> YearMonth.from(d).equals(YearMonth.from(today).plusMonths(1));
            case "this_quarter" -> quarter(d) == quarter(today);
            case "last_quarter" -> quarter(d) == quarter(today) - 1;
            case "next_quarter" -> quarter(d) == quarter(today) + 1;
            case "this_year" -> d.getYear() == today.getYear();
            case "last_year" -> d.getYear() == today.getYear() - 1;
            case "next_year" -> d.getYear() == today.getYear() + 1;
            default -> throw new IllegalArgumentException(literal);
        };
    }

    private static long week(LocalDate d) {
        return d.get(IsoFields.WEEK_BASED_YEAR) * 100L + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    private static int quarter(LocalDate d) {
        return d.getYear() * 4 + d.get(IsoFields.QUARTER_OF_YEAR) - 1;
    }

    private static boolean oneOf(String value, String... values) {
        return java.util.Arrays.asList(values).contains(value);
    }

    private static int cmp(BigDecimal value, BigDecimal other) {
        return value == null ? Integer.MIN_VALUE : value.compareTo(other);
    }

    private static Arguments c(String filters, BiPredicate<Row, LocalDate> matches) {
        return Arguments.of(filters, matches);
    }
}
