package com.hotcrm.ai.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.llm.Narrator;
import com.hotcrm.ai.model.LeadScoring;
import com.hotcrm.ai.model.TextSignals;
import com.hotcrm.ai.model.WinModel;
import com.hotcrm.platform.error.CrmException;

import io.smallrye.mutiny.Uni;

/**
 * Lead score, win prediction and the account briefing, computed by the built-in models from the CRM
 * records the caller can read. Fitted models and baselines are kept per user for
 * {@code hotcrm.ai.model-cache-ttl}, so they follow the data without refitting on every call.
 */
@ApplicationScoped
public class Insights {

    public static final String ENGINE = "builtin";
    static final int HISTORY = 2000;
    private static final Pattern LAST_N_DAYS = Pattern.compile("last_(\\d{1,4})_days");

    private record Cached<T>(Uni<T> value, Instant until) {
    }

    /** The win model with what the rules compare against. */
    record Win(WinModel model, long medianWonCycleDays) {
    }

    private final CrmData crm;
    private final Narrator narrator;
    private final Duration ttl;
    private final Map<String, Cached<?>> cache = new ConcurrentHashMap<>();

    Insights(CrmData crm, Narrator narrator,
            @ConfigProperty(name = "hotcrm.ai.model-cache-ttl", defaultValue = "10m") Duration ttl) {
        this.crm = crm;
        this.narrator = narrator;
        this.ttl = ttl;
    }

    // ------------------------------------------------------------------ lead score

    /** The score, and with {@code writeBack} the lead's LeadScore set to it (the caller needs edit rights on it). */
    public Uni<Map<String, Object>> leadScore(String auth, String userId, String leadId, boolean writeBack) {
        Uni<Map<String, Object>> scored = leadScore(auth, userId, leadId);
        if (!writeBack) {
            return scored;
        }
        return scored.flatMap(out -> crm.writeBack(auth, "leads", leadId,
                JsonNodeFactory.instance.objectNode().put("LeadScore", (Integer) out.get("score")))
                .map(written -> {
                    out.put("writtenBack", true);
                    return out;
                }));
    }

    public Uni<Map<String, Object>> leadScore(String auth, String userId, String leadId) {
        List<String> fields = new ArrayList<>(LeadScoring.KEY_FIELDS);
        return crm.one(auth, "Lead", leadId, fields).flatMap(lead -> Uni.combine().all()
                .unis(baseline(auth, userId), crm.all(auth, crm.query("Activity", List.of("ActivityDate", "CreatedDate"),
                        List.of(List.of("WhoId", "=", leadId)), null), 500))
                .asTuple().map(t -> {
                    List<LocalDate> dates = t.getItem2().stream().map(Insights::activityDate).toList();
                    LeadScoring.Factors factors = LeadScoring.factors(lead, t.getItem1(), dates, today());
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("leadId", leadId);
                    out.put("score", factors.score());
                    out.put("summary", LeadScoring.summary(factors));
                    out.put("recommendedAction", LeadScoring.recommendedAction(factors));
                    out.put("factors", Map.of("completeness", factors.completeness(), "companyQuality",
                            factors.companyQuality(), "engagement", factors.engagement()));
                    out.put("engine", ENGINE);
                    return out;
                }).flatMap(out -> narrator.rewrite(out, Map.of("lead", lead), "Write a one-sentence summary of this lead's "
                        + "quality and the next action for the sales rep, from its score and factors.",
                        Map.of("summary", Narrator.Kind.TEXT, "recommendedAction", Narrator.Kind.TEXT))));
    }

    private Uni<LeadScoring.Baseline> baseline(String auth, String userId) {
        return cached("baseline:" + userId, () -> crm.all(auth, crm.query("Opportunity",
                List.of("Account.Industry", "Account.AnnualRevenue", "Account.NumberOfEmployees"),
                List.of(List.of("IsWon", "=", true)), null), HISTORY).map(won -> {
                    Map<String, Long> byIndustry = new HashMap<>();
                    List<Double> revenue = new ArrayList<>();
                    List<Double> employees = new ArrayList<>();
                    for (JsonNode opp : won) {
                        JsonNode account = opp.path("Account");
                        if (account.hasNonNull("Industry")) {
                            byIndustry.merge(account.get("Industry").asText(), 1L, Long::sum);
                        }
                        if (account.hasNonNull("AnnualRevenue")) {
                            revenue.add(account.get("AnnualRevenue").asDouble());
                        }
                        if (account.hasNonNull("NumberOfEmployees")) {
                            employees.add(account.get("NumberOfEmployees").asDouble());
                        }
                    }
                    return new LeadScoring.Baseline(byIndustry, median(revenue), median(employees), won.size());
                }));
    }

    // ------------------------------------------------------------------ win prediction

    static final List<String> OPP_FIELDS = List.of("Name", "Amount", "Stage", "CloseDate", "CreatedDate", "AccountId",
            "Competitor", "IsClosed", "IsWon", "Type");

    public Uni<Map<String, Object>> winPrediction(String auth, String userId, String opportunityId) {
        return crm.one(auth, "Opportunity", opportunityId, OPP_FIELDS).flatMap(opp -> Uni.combine().all()
                .unis(win(auth, userId), activities(auth, List.of(List.of("WhatId", "=", opportunityId))))
                .asTuple().map(t -> predict(opp, t.getItem1(), t.getItem2()))
                .flatMap(out -> narrator.rewrite(out, Map.of("opportunity", opp), "Suggest the next "
                        + "step for this opportunity and write the competitive intelligence, from its win probability, "
                        + "risk factors and the competitors named.",
                        Map.of("nextStepSuggestion", Narrator.Kind.TEXT, "competitiveIntel", Narrator.Kind.TEXT))));
    }

    Map<String, Object> predict(JsonNode opp, Win win, List<JsonNode> activities) {
        LocalDate today = today();
        String stage = opp.path("Stage").asText();
        WinModel.Facts facts = openFacts(opp, activities, today);
        Set<String> competitors = TextSignals.competitors(texts(activities), competitorField(opp));
        if (opp.hasNonNull("Competitor") && !opp.get("Competitor").asText().isBlank()) {
            competitors.add(opp.get("Competitor").asText().trim());
        }
        int probability;
        int confidence;
        if (opp.path("IsClosed").asBoolean(false)) {
            probability = opp.path("IsWon").asBoolean(false) ? 100 : 0;
            confidence = 100;
        } else {
            probability = (int) Math.round(100 * win.model().probability(stage, facts));
            confidence = win.model().confidence();
        }
        List<String> risks = risks(opp, facts, competitors, win.medianWonCycleDays(), today);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("opportunityId", opp.path("Id").asText());
        out.put("winProbability", probability);
        out.put("riskFactors", risks);
        out.put("nextStepSuggestion", nextStep(stage, risks, competitors));
        out.put("competitiveIntel", competitors.isEmpty() ? "No competitor mentioned in this deal's activities"
                : "Customer is also evaluating " + String.join(", ", competitors)
                        + ". Lead with proven outcomes and the total cost of ownership.");
        out.put("confidence", confidence);
        out.put("model", win.model().fitted() ? "logistic regression on " + win.model().sampleSize() + " closed opportunities"
                : "stage priors (" + win.model().sampleSize() + " closed opportunities are too few to fit)");
        out.put("engine", ENGINE);
        return out;
    }

    Uni<Win> win(String auth, String userId) {
        return cached("win:" + userId, () -> Uni.combine().all()
                .unis(crm.all(auth, crm.query("Opportunity", List.of("Amount", "CreatedDate", "CloseDate", "AccountId",
                        "Competitor", "IsWon"), List.of(List.of("IsClosed", "=", true)), null), HISTORY),
                        activities(auth, List.of(List.of("WhatId", "like", "opp\\_%"))))
                .asTuple().map(t -> fitWin(t.getItem1(), t.getItem2())));
    }

    static Win fitWin(List<JsonNode> closed, List<JsonNode> activities) {
        Map<String, List<JsonNode>> byOpp = new HashMap<>();
        for (JsonNode activity : activities) {
            byOpp.computeIfAbsent(activity.path("WhatId").asText(), k -> new ArrayList<>()).add(activity);
        }
        List<JsonNode> ordered = new ArrayList<>(closed);
        ordered.sort(Comparator.comparing(o -> o.path("CloseDate").asText("")));
        Map<String, Integer> winsByAccount = new HashMap<>();
        List<WinModel.Outcome> history = new ArrayList<>();
        List<Long> wonCycles = new ArrayList<>();
        for (JsonNode opp : ordered) {
            LocalDate created = date(opp.path("CreatedDate"));
            LocalDate close = opp.hasNonNull("CloseDate") ? date(opp.get("CloseDate")) : created;
            List<JsonNode> acts = byOpp.getOrDefault(opp.path("Id").asText(), List.of());
            long cycle = Math.max(0, ChronoUnit.DAYS.between(created, close));
            String account = opp.path("AccountId").asText(null);
            WinModel.Facts facts = new WinModel.Facts(opp.path("Amount").asDouble(0), cycle, acts.size(),
                    sinceLast(acts, close), !TextSignals.competitors(texts(acts), competitorField(opp)).isEmpty()
                            || (opp.hasNonNull("Competitor") && !opp.get("Competitor").asText().isBlank()),
                    account == null ? 0 : winsByAccount.getOrDefault(account, 0));
            boolean won = opp.path("IsWon").asBoolean(false);
            history.add(new WinModel.Outcome(facts, won));
            if (won) {
                wonCycles.add(cycle);
                if (account != null) {
                    winsByAccount.merge(account, 1, Integer::sum);
                }
            }
        }
        return new Win(WinModel.fit(history), (long) median(wonCycles.stream().map(Long::doubleValue).toList()));
    }

    private static WinModel.Facts openFacts(JsonNode opp, List<JsonNode> activities, LocalDate today) {
        LocalDate created = date(opp.path("CreatedDate"));
        return new WinModel.Facts(opp.path("Amount").asDouble(0), Math.max(0, ChronoUnit.DAYS.between(created, today)),
                activities.size(), sinceLast(activities, today), false, 0);
    }

    static List<String> risks(JsonNode opp, WinModel.Facts facts, Set<String> competitors, long medianWonCycle, LocalDate today) {
        List<String> risks = new ArrayList<>();
        if (!competitors.isEmpty()) {
            risks.add("Competitor presence detected (" + String.join(", ", competitors) + ")");
        }
        if (medianWonCycle > 0 && facts.cycleDays() > 1.5 * medianWonCycle) {
            risks.add("Long sales cycle (" + facts.cycleDays() + " days; won deals take " + medianWonCycle + ")");
        }
        if (facts.activities() == 0) {
            risks.add("No activity logged on this deal");
        } else if (facts.daysSinceActivity() > 30) {
            risks.add("No activity in " + facts.daysSinceActivity() + " days");
        }
        if (!opp.path("IsClosed").asBoolean(false) && opp.hasNonNull("CloseDate")) {
            long overdue = ChronoUnit.DAYS.between(date(opp.get("CloseDate")), today);
            if (overdue > 0) {
                risks.add("Close date passed " + overdue + " days ago");
            }
        }
        return risks;
    }

    private static String nextStep(String stage, List<String> risks, Set<String> competitors) {
        if (risks.stream().anyMatch(r -> r.startsWith("Close date passed"))) {
            return "Confirm the timeline with the customer and update the close date";
        }
        if (!competitors.isEmpty()) {
            return "Schedule an executive meeting to address the comparison with " + competitors.iterator().next();
        }
        if (risks.stream().anyMatch(r -> r.startsWith("No activity"))) {
            return "Re-engage the buyer with a call this week";
        }
        return switch (stage) {
            case "Prospecting", "Qualification" -> "Qualify budget, authority, need and timeline in a discovery call";
            case "Needs Analysis" -> "Map requirements and present a tailored demo";
            case "Proposal" -> "Walk the decision makers through the proposal and handle objections";
            case "Negotiation" -> "Agree on final terms and schedule the signature";
            default -> "Keep the deal moving with a clear next meeting";
        };
    }

    // ------------------------------------------------------------------ briefing

    public Uni<Map<String, Object>> briefing(String auth, String userId, JsonNode body) {
        String accountId = CrmData.requireId(body, "accountId");
        boolean withOpportunities = body.path("includeOpportunities").asBoolean(true);
        boolean withCases = body.path("includeCases").asBoolean(true);
        boolean withActivities = body.path("includeActivities").asBoolean(true);
        int days = days(body.path("timeRange").asText("last_30_days"));
        Uni<JsonNode> account = crm.one(auth, "Account", accountId,
                List.of("Name", "Industry", "AnnualRevenue", "Type", "CreatedDate", "Status"));
        return account.flatMap(acc -> Uni.combine().all().unis(
                withOpportunities ? crm.all(auth, crm.query("Opportunity", OPP_FIELDS,
                        List.of(List.of("AccountId", "=", accountId), List.of("IsClosed", "=", false)), "-Amount"), 200)
                        : Uni.createFrom().item(List.<JsonNode>of()),
                withCases ? crm.all(auth, crm.query("Case", List.of("Subject", "Priority", "Status", "CreatedDate"),
                        List.of(List.of("AccountId", "=", accountId), List.of("Status", "!=", "Closed")), null), 200)
                        : Uni.createFrom().item(List.<JsonNode>of()),
                withActivities ? activities(auth, List.of(List.of("WhatId", "=", accountId),
                        List.of("ActivityDate", "last_n_days", days)))
                        : Uni.createFrom().item(List.<JsonNode>of()),
                win(auth, userId)).asTuple()
                .flatMap(t -> oppActivities(auth, t.getItem1(), days).map(oppActs -> {
                    List<JsonNode> acts = new ArrayList<>(t.getItem3());
                    if (withActivities) {
                        acts.addAll(oppActs);
                    }
                    return brief(acc, t.getItem1(), t.getItem2(), acts, t.getItem4(), days);
                }))
                .flatMap(out -> narrator.rewrite(out, Map.of("account", acc), "Write this account briefing for the "
                        + "account owner: a two-sentence summary, the key insights and the recommended actions, from the "
                        + "computed facts.", Map.of("summary", Narrator.Kind.TEXT, "keyInsights", Narrator.Kind.LIST,
                                "recommendedActions", Narrator.Kind.LIST))));
    }

    private Uni<List<JsonNode>> oppActivities(String auth, List<JsonNode> opps, int days) {
        if (opps.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = opps.stream().map(o -> o.path("Id").asText()).toList();
        return activities(auth, List.of(List.of("WhatId", "in", ids), List.of("ActivityDate", "last_n_days", days)));
    }

    Map<String, Object> brief(JsonNode account, List<JsonNode> opps, List<JsonNode> cases, List<JsonNode> activities,
            Win win, int days) {
        LocalDate today = today();
        String name = account.path("Name").asText();
        BigDecimal pipeline = opps.stream().map(o -> o.path("Amount").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        long years = ChronoUnit.YEARS.between(date(account.path("CreatedDate")), today);
        List<String> facts = new ArrayList<>();
        if (account.hasNonNull("Industry")) {
            facts.add(account.get("Industry").asText());
        }
        if (account.hasNonNull("AnnualRevenue")) {
            facts.add(money(account.get("AnnualRevenue").decimalValue()) + " revenue");
        }
        String summary = name + (facts.isEmpty() ? "" : " (" + String.join(", ", facts) + ")") + " has been "
                + ("Customer".equals(account.path("Type").asText()) ? "a customer" : "in the CRM") + " for "
                + (years < 1 ? "less than a year" : years + (years == 1 ? " year" : " years")) + " with " + opps.size()
                + " active " + (opps.size() == 1 ? "opportunity" : "opportunities") + " totaling " + money(pipeline) + ".";

        List<String> insights = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        List<String> risks = new ArrayList<>();
        Map<String, List<JsonNode>> actsByOpp = new HashMap<>();
        activities.forEach(a -> actsByOpp.computeIfAbsent(a.path("WhatId").asText(), k -> new ArrayList<>()).add(a));
        for (JsonNode opp : opps.stream().limit(5).toList()) {
            List<JsonNode> oppActs = actsByOpp.getOrDefault(opp.path("Id").asText(), List.of());
            Map<String, Object> prediction = predict(opp, win, oppActs);
            insights.add("Opportunity '" + opp.path("Name").asText() + "' (" + money(opp.path("Amount").decimalValue())
                    + ") is in " + opp.path("Stage").asText() + " stage with " + prediction.get("winProbability") + "% win probability");
            if (List.of("Proposal", "Negotiation").contains(opp.path("Stage").asText())) {
                actions.add("Schedule follow-up on " + opp.path("Name").asText() + " pricing and terms");
            }
            if ("Renewal".equals(opp.path("Type").asText()) && opp.hasNonNull("CloseDate")) {
                long until = ChronoUnit.DAYS.between(today, date(opp.get("CloseDate")));
                if (until >= 0 && until <= 90) {
                    risks.add("Contract renewal in " + until + " days");
                }
            }
            @SuppressWarnings("unchecked")
            List<String> oppRisks = (List<String>) prediction.get("riskFactors");
            oppRisks.stream().filter(r -> r.startsWith("Close date passed")).findFirst()
                    .ifPresent(r -> risks.add(opp.path("Name").asText() + ": " + r.toLowerCase()));
        }
        if (!cases.isEmpty()) {
            Map<String, Long> byPriority = new LinkedHashMap<>();
            for (String p : List.of("Critical", "High", "Medium", "Low")) {
                long n = cases.stream().filter(c -> p.equals(c.path("Priority").asText())).count();
                if (n > 0) {
                    byPriority.put(p, n);
                }
            }
            long oldest = cases.stream().mapToLong(c -> ChronoUnit.DAYS.between(date(c.path("CreatedDate")), today)).max().orElse(0);
            insights.add(cases.size() + " open support " + (cases.size() == 1 ? "case" : "cases") + " ("
                    + String.join(", ", byPriority.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList())
                    + "), the oldest " + oldest + " days old");
            long urgent = byPriority.getOrDefault("Critical", 0L) + byPriority.getOrDefault("High", 0L);
            if (urgent > 0) {
                actions.add("Resolve the " + urgent + " critical or high priority " + (urgent == 1 ? "case" : "cases") + " first");
                risks.add(urgent + " high-priority support " + (urgent == 1 ? "case is" : "cases are") + " open");
            }
        }
        List<JsonNode> dated = activities.stream().filter(a -> a.hasNonNull("ActivityDate"))
                .sorted(Comparator.comparing(a -> a.path("ActivityDate").asText())).toList();
        if (!dated.isEmpty()) {
            JsonNode last = dated.get(dated.size() - 1);
            long ago = ChronoUnit.DAYS.between(date(last.get("ActivityDate")), today);
            insights.add("Last " + last.path("Type").asText("activity").toLowerCase() + " was " + (ago == 0 ? "today" : ago + " days ago")
                    + " with " + sentimentWord(sentiment(last)) + " sentiment");
            if (ago > 14) {
                actions.add("Re-engage: no contact in " + ago + " days");
            }
            int trend = trend(dated);
            if (trend < 0) {
                risks.add("Sentiment is declining over the last " + days + " days");
            } else if (trend > 0) {
                insights.add("Sentiment is improving over the last " + days + " days");
            }
        } else {
            actions.add("Schedule a check-in: no activity in the last " + days + " days");
        }
        Set<String> competitors = TextSignals.competitors(texts(activities), Set.of());
        opps.stream().map(o -> o.path("Competitor").asText("")).filter(c -> !c.isBlank()).forEach(competitors::add);
        competitors.forEach(c -> risks.add("Competitor '" + c + "' mentioned"));
        if (actions.isEmpty()) {
            actions.add("Look for expansion: propose the next product tier or services");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("summary", summary);
        out.put("keyInsights", insights);
        out.put("recommendedActions", actions);
        out.put("riskFactors", risks);
        out.put("engine", ENGINE);
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private Uni<List<JsonNode>> activities(String auth, List<List<Object>> filters) {
        return crm.all(auth, crm.query("Activity", List.of("WhatId", "WhoId", "Type", "Subject", "Description",
                "ActivityDate", "CreatedDate", "Sentiment"), filters, null), 5000);
    }

    @SuppressWarnings("unchecked")
    private <T> Uni<T> cached(String key, Supplier<Uni<T>> compute) {
        Cached<?> hit = cache.get(key);
        if (hit != null && hit.until().isAfter(Instant.now())) {
            return (Uni<T>) hit.value();
        }
        Uni<T> value = compute.get().memoize().indefinitely();
        cache.put(key, new Cached<>(value, Instant.now().plus(ttl)));
        return value.onFailure().invoke(() -> cache.remove(key));
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

    private static int sentiment(JsonNode activity) {
        String recorded = activity.path("Sentiment").asText("");
        return switch (recorded) {
            case "Positive" -> 1;
            case "Negative" -> -1;
            case "Neutral" -> 0;
            default -> TextSignals.tone(activity.path("Subject").asText("") + " " + activity.path("Description").asText(""));
        };
    }

    /** Later half's mean sentiment against the earlier half's. */
    private static int trend(List<JsonNode> dated) {
        if (dated.size() < 2) {
            return 0;
        }
        int half = dated.size() / 2;
        double early = dated.subList(0, half).stream().mapToInt(Insights::sentiment).average().orElse(0);
        double late = dated.subList(half, dated.size()).stream().mapToInt(Insights::sentiment).average().orElse(0);
        return late - early > 0.25 ? 1 : early - late > 0.25 ? -1 : 0;
    }

    private static String sentimentWord(int s) {
        return s > 0 ? "positive" : s < 0 ? "negative" : "neutral";
    }

    private static List<String> texts(List<JsonNode> activities) {
        return activities.stream().map(a -> a.path("Subject").asText("") + " " + a.path("Description").asText("")).toList();
    }

    private static Set<String> competitorField(JsonNode opp) {
        String c = opp.path("Competitor").asText("");
        return c.isBlank() ? Set.of() : Set.of(c.trim());
    }

    private static long sinceLast(List<JsonNode> activities, LocalDate asOf) {
        return activities.stream().map(Insights::activityDate).max(LocalDate::compareTo)
                .map(last -> Math.max(0, ChronoUnit.DAYS.between(last, asOf))).orElse(365L);
    }

    private static LocalDate activityDate(JsonNode activity) {
        return activity.hasNonNull("ActivityDate") ? date(activity.get("ActivityDate")) : date(activity.path("CreatedDate"));
    }

    static LocalDate date(JsonNode value) {
        String text = value == null ? null : value.asText(null);
        if (text == null || text.isBlank()) {
            return today();
        }
        return text.length() <= 10 ? LocalDate.parse(text) : OffsetDateTime.parse(text).toLocalDate();
    }

    private static double median(List<Double> values) {
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

    private static String trim(double v) {
        return BigDecimal.valueOf(v).setScale(1, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
