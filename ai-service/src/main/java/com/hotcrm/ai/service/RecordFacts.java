package com.hotcrm.ai.service;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.ai.model.TextSignals;
import com.hotcrm.platform.error.CrmException;

/** What the built-in models read off CRM records: dates, sentiment, competitors named, medians, money in words. */
final class RecordFacts {

    private static final Pattern LAST_N_DAYS = Pattern.compile("last_(\\d{1,4})_days");

    private RecordFacts() {
    }

    static int days(String timeRange) {
        Matcher m = LAST_N_DAYS.matcher(timeRange);
        if (m.matches() && Integer.parseInt(m.group(1)) >= 1) {
            return Integer.parseInt(m.group(1));
        }
        return switch (timeRange) {
            case "last_week" -> 7;
            case "last_month" -> 31;
            case "last_quarter" -> 92;
            case "last_year" -> 366;
            default -> throw CrmException.validation("timeRange",
                    "timeRange is last_N_days (e.g. last_30_days), last_week, last_month, last_quarter or last_year");
        };
    }

    static int sentiment(JsonNode activity) {
        String recorded = activity.path("Sentiment").asText("");
        return switch (recorded) {
            case "Positive" -> 1;
            case "Negative" -> -1;
            case "Neutral" -> 0;
            default -> TextSignals.tone(activity.path("Subject").asText("") + " " + activity.path("Description").asText(""));
        };
    }

    /** Later half's mean sentiment against the earlier half's. */
    static int trend(List<JsonNode> dated) {
        if (dated.size() < 2) {
            return 0;
        }
        int half = dated.size() / 2;
        double early = dated.subList(0, half).stream().mapToInt(RecordFacts::sentiment).average().orElse(0);
        double late = dated.subList(half, dated.size()).stream().mapToInt(RecordFacts::sentiment).average().orElse(0);
        return late - early > 0.25 ? 1 : early - late > 0.25 ? -1 : 0;
    }

    static String sentimentWord(int s) {
        return s > 0 ? "positive" : s < 0 ? "negative" : "neutral";
    }

    static List<String> texts(List<JsonNode> activities) {
        return activities.stream().map(a -> a.path("Subject").asText("") + " " + a.path("Description").asText("")).toList();
    }

    static Set<String> competitorField(JsonNode opp) {
        String c = opp.path("Competitor").asText("");
        return c.isBlank() ? Set.of() : Set.of(c.trim());
    }

    static LocalDate activityDate(JsonNode activity) {
        return activity.hasNonNull("ActivityDate") ? date(activity.get("ActivityDate")) : date(activity.path("CreatedDate"));
    }

    static LocalDate date(JsonNode value) {
        String text = value == null ? null : value.asText(null);
        if (text == null || text.isBlank()) {
            return today();
        }
        return text.length() <= 10 ? LocalDate.parse(text) : OffsetDateTime.parse(text).toLocalDate();
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String money(BigDecimal amount) {
        double v = amount.doubleValue();
        if (v >= 1_000_000) {
            return "$" + trim(v / 1_000_000) + "M";
        }
        if (v >= 1_000) {
            return "$" + trim(v / 1_000) + "K";
        }
        return "$" + trim(v);
    }

    static String trim(double v) {
        return BigDecimal.valueOf(v).setScale(1, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
