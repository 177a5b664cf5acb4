package com.hotcrm.data.query;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * The relative dates of the filter language ({@code today}, {@code this_quarter}, {@code last_n_days}...)
 * as half-open ranges of days {@code [from, to)}, relative to a given day. Weeks start on Monday.
 */
public final class DateLiterals {

    /** A range of days, {@code from} included, {@code to} excluded. */
    public record Range(LocalDate from, LocalDate to) {
    }

    private DateLiterals() {
    }

    public static Optional<Range> named(String literal, LocalDate today) {
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate month = today.withDayOfMonth(1);
        LocalDate quarter = today.withMonth((today.getMonthValue() - 1) / 3 * 3 + 1).withDayOfMonth(1);
        LocalDate year = today.withDayOfYear(1);
        return Optional.ofNullable(switch (literal.toLowerCase(Locale.ROOT)) {
            case "today" -> new Range(today, today.plusDays(1));
            case "yesterday" -> new Range(today.minusDays(1), today);
            case "tomorrow" -> new Range(today.plusDays(1), today.plusDays(2));
            case "this_week" -> new Range(monday, monday.plusWeeks(1));
            case "last_week" -> new Range(monday.minusWeeks(1), monday);
            case "next_week" -> new Range(monday.plusWeeks(1), monday.plusWeeks(2));
            case "this_month" -> new Range(month, month.plusMonths(1));
            case "last_month" -> new Range(month.minusMonths(1), month);
            case "next_month" -> new Range(month.plusMonths(1), month.plusMonths(2));
            case "this_quarter" -> new Range(quarter, quarter.plusMonths(3));
            case "last_quarter" -> new Range(quarter.minusMonths(3), quarter);
            case "next_quarter" -> new Range(quarter.plusMonths(3), quarter.plusMonths(6));
            case "this_year" -> new Range(year, year.plusYears(1));
            case "last_year" -> new Range(year.minusYears(1), year);
            case "next_year" -> new Range(year.plusYears(1), year.plusYears(2));
            default -> null;
        });
    }

    /** {@code last_n_days n}: today and the n days before it; {@code next_n_days n}: today and the n after. */
    public static Optional<Range> relative(String literal, long days, LocalDate today) {
        return Optional.ofNullable(switch (literal.toLowerCase(Locale.ROOT)) {
            case "last_n_days" -> new Range(today.minusDays(days), today.plusDays(1));
            case "next_n_days" -> new Range(today, today.plusDays(days + 1));
            default -> null;
        });
    }
}
