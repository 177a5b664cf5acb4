package com.hotcrm.ai.model;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The lead score: 0.3 × completeness + 0.4 × company quality + 0.3 × engagement, each 0-100.
 * <ul>
 * <li>completeness: the share of {@link #KEY_FIELDS} filled in;</li>
 * <li>company quality: half industry fit (the lead's industry's share of the organisation's won deals,
 * relative to the best industry's share), half size (revenue or employees against the median won
 * account: at or above it 100, below it the square root of the ratio); 50 for each when there are no won
 * deals yet, 30 when the lead does not say;</li>
 * <li>engagement: 30 per activity with the lead in the last 30 days, 10 per older one within 90 days, at
 * most 100.</li>
 * </ul>
 */
public final class LeadScoring {

    public static final List<String> KEY_FIELDS = List.of("FirstName", "LastName", "Email", "Phone", "Company", "Title",
            "Industry", "AnnualRevenue", "NumberOfEmployees", "Website");

    /** What the organisation's won deals look like. */
    public record Baseline(Map<String, Long> wonByIndustry, double medianRevenue, double medianEmployees, long wonDeals) {
    }

    public record Factors(int completeness, int companyQuality, int engagement) {
        public int score() {
            return (int) Math.round(0.3 * completeness + 0.4 * companyQuality + 0.3 * engagement);
        }
    }

    private LeadScoring() {
    }

    public static Factors factors(JsonNode lead, Baseline baseline, Collection<LocalDate> activityDates, LocalDate today) {
        return new Factors(completeness(lead), companyQuality(lead, baseline), engagement(activityDates, today));
    }

    public static int completeness(JsonNode lead) {
        long filled = KEY_FIELDS.stream().filter(f -> filled(lead.get(f))).count();
        return (int) Math.round(100.0 * filled / KEY_FIELDS.size());
    }

    static int companyQuality(JsonNode lead, Baseline baseline) {
        double industry;
        String leadIndustry = lead.path("Industry").asText(null);
        if (baseline.wonDeals() == 0) {
            industry = 50;
        } else if (leadIndustry == null) {
            industry = 30;
        } else {
            long best = baseline.wonByIndustry().values().stream().mapToLong(Long::longValue).max().orElse(1);
            industry = 100.0 * baseline.wonByIndustry().getOrDefault(leadIndustry, 0L) / best;
        }
        double size = Math.max(size(lead.get("AnnualRevenue"), baseline.medianRevenue(), baseline.wonDeals()),
                size(lead.get("NumberOfEmployees"), baseline.medianEmployees(), baseline.wonDeals()));
        return (int) Math.round(0.5 * industry + 0.5 * size);
    }

    private static double size(JsonNode value, double median, long wonDeals) {
        if (!filled(value)) {
            return 30;
        }
        if (wonDeals == 0 || median <= 0) {
            return 50;
        }
        double ratio = value.asDouble() / median;
        return ratio >= 1 ? 100 : 100 * Math.sqrt(Math.max(0, ratio));
    }

    static int engagement(Collection<LocalDate> activityDates, LocalDate today) {
        int points = 0;
        for (LocalDate date : activityDates) {
            long age = ChronoUnit.DAYS.between(date, today);
            if (age >= 0 && age <= 30) {
                points += 30;
            } else if (age > 30 && age <= 90) {
                points += 10;
            }
        }
        return Math.min(100, points);
    }

    /** The band's summary, naming what made the score. */
    public static String summary(Factors f) {
        return summary(f.score(), f);
    }

    /** The summary of a score (the rules' or a learnt one), with what the factors say of the lead. */
    public static String summary(int score, Factors f) {
        String band = score >= 80 ? "High quality lead" : score >= 60 ? "Promising lead"
                : score >= 40 ? "Lukewarm lead" : "Low priority lead";
        return band + ": " + (f.completeness() >= 80 ? "complete profile" : f.completeness() >= 50 ? "partial profile" : "sparse profile")
                + ", " + (f.companyQuality() >= 70 ? "strong company fit" : f.companyQuality() >= 40 ? "moderate company fit" : "weak company fit")
                + ", " + (f.engagement() >= 60 ? "recently engaged" : f.engagement() > 0 ? "some engagement" : "no engagement yet");
    }

    public static String recommendedAction(Factors f) {
        return recommendedAction(f.score(), f);
    }

    public static String recommendedAction(int score, Factors f) {
        if (score >= 80) {
            return "Contact immediately, schedule product demo";
        }
        if (score >= 60) {
            return f.engagement() < 40 ? "Call this week to qualify budget and timeline" : "Send a tailored proposal and book a discovery call";
        }
        if (score >= 40) {
            return f.completeness() < 60 ? "Enrich the profile (title, company size, industry) before outreach" : "Add to a nurture sequence";
        }
        return "Keep in long-term nurture; revisit if engagement picks up";
    }

    private static boolean filled(JsonNode value) {
        return value != null && !value.isNull() && !(value.isTextual() && value.asText().isBlank());
    }
}
