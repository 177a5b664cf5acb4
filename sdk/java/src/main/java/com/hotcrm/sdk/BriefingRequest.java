package com.hotcrm.sdk;

/**
 * A {@code POST /ai/briefing}: {@code BriefingRequest.forAccount(id).timeRange("last_30_days")}. What to include
 * defaults to everything; {@code timeRange} is {@code last_N_days} (default {@code last_30_days}),
 * {@code last_week}, {@code last_month}, {@code last_quarter} or {@code last_year}.
 */
public final class BriefingRequest extends RequestBody<BriefingRequest> {

    private BriefingRequest(String accountId) {
        set("accountId", accountId);
    }

    public static BriefingRequest forAccount(String accountId) {
        return new BriefingRequest(accountId);
    }

    public BriefingRequest timeRange(String timeRange) {
        return set("timeRange", timeRange);
    }

    public BriefingRequest includeOpportunities(boolean include) {
        return set("includeOpportunities", include);
    }

    public BriefingRequest includeCases(boolean include) {
        return set("includeCases", include);
    }

    public BriefingRequest includeActivities(boolean include) {
        return set("includeActivities", include);
    }
}
