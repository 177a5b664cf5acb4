package com.hotcrm.query;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.FieldType;
import com.hotcrm.platform.metadata.ObjectDef;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A custom object with one field of each filterable type, and rows whose dates sit on every boundary the
 * date literals have around today (the days before and at the start of the previous, current, next and
 * following week, month, quarter and year), so that each operator and literal can be checked against
 * what the rows say in plain Java.
 */
public final class FilterProbe {

    public static final ObjectDef OBJECT = ObjectDef.of("FilterProbe__c", "Filter Probe", "Filter Probes", "filterprobe__c",
            "cfp", true, false, List.of(
                    FieldDef.builder("Label__c", FieldType.TEXT).build(),
                    FieldDef.builder("Score__c", FieldType.NUMBER).scale(2).build(),
                    FieldDef.builder("Kind__c", FieldType.PICKLIST).values("Hot", "Warm", "Cold").build(),
                    FieldDef.builder("Due__c", FieldType.DATE).build(),
                    FieldDef.builder("At__c", FieldType.DATETIME).build(),
                    FieldDef.builder("Flag__c", FieldType.BOOLEAN).build()),
            List.of());

    /** One row as the test knows it; null means the column is empty. */
    public record Row(String id, String label, BigDecimal score, String kind, LocalDate due, Instant at, Boolean flag) {
        /** The day of {@code at} in UTC, which is what the date literals compare. */
        public LocalDate atDay() {
            return at == null ? null : LocalDate.ofInstant(at, ZoneOffset.UTC);
        }
    }

    private static final String[] LABELS = { "Alpha", "alpha beta", "Beta", "Gamma%", "O'Hara", "", null, "Ünïcode ☺", "DELTA" };
    private static final String[] SCORES = { "-5", "0", "1.5", "10", "99.99", "100", null, "250", "10.00", "3" };
    private static final String[] KINDS = { "Hot", "Warm", "Cold", null };
    private static final Boolean[] FLAGS = { true, false, null };

    public static final List<Row> ROWS = rows(CrmFixture.TODAY);

    private FilterProbe() {
    }

    private static List<Row> rows(LocalDate today) {
        TreeSet<LocalDate> days = new TreeSet<>();
        for (int offset : new int[] { -400, -370, -200, -100, -45, -20, -10, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5,
                6, 7, 8, 10, 20, 45, 100, 200, 370, 400 }) {
            days.add(today.plusDays(offset));
        }
        LocalDate monday = today.with(DayOfWeek.MONDAY);
        LocalDate month = YearMonth.from(today).atDay(1);
        LocalDate quarter = LocalDate.of(today.getYear(), (today.get(IsoFields.QUARTER_OF_YEAR) - 1) * 3 + 1, 1);
        LocalDate year = LocalDate.of(today.getYear(), 1, 1);
        for (int k = -1; k <= 2; k++) {
            for (LocalDate start : List.of(monday.plusWeeks(k), month.plusMonths(k), quarter.plusMonths(3L * k), year.plusYears(k))) {
                days.add(start);
                days.add(start.minusDays(1));
            }
        }
        List<Row> rows = new ArrayList<>();
        int i = 0;
        for (LocalDate day : days) {
            // the first and last microsecond of the day: a date-time belongs to its UTC day, whatever the hour
            LocalTime time = i % 2 == 0 ? LocalTime.MIDNIGHT : LocalTime.of(23, 59, 59, 999_999_000);
            rows.add(new Row(String.format("cfp_%03d", i), LABELS[i % LABELS.length],
                    SCORES[i % SCORES.length] == null ? null : new BigDecimal(SCORES[i % SCORES.length]), KINDS[i % KINDS.length],
                    day, day.atTime(time).toInstant(ZoneOffset.UTC), FLAGS[i % FLAGS.length]));
            i++;
        }
        rows.add(new Row(String.format("cfp_%03d", i), null, null, null, null, null, null));
        return List.copyOf(rows);
    }

    static void insert(Pool pool) {
        List<Tuple> tuples = new ArrayList<>();
        for (Row r : ROWS) {
            tuples.add(Tuple.tuple().addValue(r.id()).addValue(r.label()).addValue(r.score()).addValue(r.kind()).addValue(r.due())
                    .addValue(r.at() == null ? null : OffsetDateTime.ofInstant(r.at(), ZoneOffset.UTC)).addValue(r.flag()));
        }
        pool.preparedQuery("INSERT INTO crm.filter_probe__c (id, label__c, score__c, kind__c, due__c, at__c, flag__c) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7)").executeBatch(tuples).await().atMost(Duration.ofSeconds(10));
    }
}
