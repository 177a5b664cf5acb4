package com.hotcrm.ai.rest;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.hotcrm.platform.json.StrictJson;
import com.hotcrm.platform.metadata.RecordIds;

/** The request bodies of the AI endpoints, as the reference shows them. */
public final class AiRequests {

    static final String ACCOUNT_ID = "accountId must be a record id such as \"acc_01JH6Q3Z8K4W2N7M5B9C0D1E2F\"";
    static final int MAX_QUESTION = 2000;
    static final int MAX_RESULTS = 50;
    static final int MAX_TRANSCRIPT = 500_000;
    static final String CATEGORY = "category must be a knowledge article category, e.g. \"FAQ\"";

    private AiRequests() {
    }

    /**
     * {@code POST /v1/ai/briefing}. Each {@code include...} defaults to true; {@code timeRange} is
     * {@code last_N_days}, {@code last_week}, {@code last_month}, {@code last_quarter} or {@code last_year}
     * (default {@code last_30_days}).
     */
    @StrictJson
    @Schema(name = "BriefingRequest", additionalProperties = Schema.False.class)
    public record Briefing(
            @NotNull(message = "accountId is required, e.g. \"acc_01J...\"")
            @Pattern(regexp = RecordIds.PATTERN, message = ACCOUNT_ID) String accountId,
            Boolean includeOpportunities, Boolean includeCases, Boolean includeActivities,
            @Pattern(regexp = "last_[1-9][0-9]{0,3}_days|last_week|last_month|last_quarter|last_year",
                    message = "timeRange is last_N_days (e.g. last_30_days), last_week, last_month, last_quarter or last_year")
            String timeRange) {

        public String timeRangeOrDefault() {
            return timeRange == null ? "last_30_days" : timeRange;
        }
    }

    /** {@code POST /v1/ai/case-categorize}: the case as written, before it is saved. */
    @StrictJson
    @Schema(name = "CaseCategorizeRequest", additionalProperties = Schema.False.class)
    public record CaseCategorize(
            @NotBlank(message = "subject is required: the case's subject line")
            @Size(max = 255, message = "subject is limited to 255 characters") String subject,
            @Size(max = 32_000, message = "description is limited to 32,000 characters") String description) {
    }

    /** {@code POST /v1/ai/product-recommend}: {@code industry} overrides the account's for the choice. */
    @StrictJson
    @Schema(name = "ProductRecommendRequest", additionalProperties = Schema.False.class)
    public record ProductRecommend(
            @NotNull(message = "accountId is required, e.g. \"acc_01J...\"")
            @Pattern(regexp = RecordIds.PATTERN, message = ACCOUNT_ID) String accountId,
            @PositiveOrZero(message = "budget must be a number, at least 0") BigDecimal budget,
            @Size(max = 500, message = "existingProducts is limited to 500 ids")
            List<@NotNull(message = "existingProducts holds product ids") String> existingProducts,
            @Size(max = 255, message = "industry is limited to 255 characters") String industry) {
    }

    /** {@code POST /v1/ai/transcribe}: the call as {@code transcript} (text) or {@code audioUrl} (a recording). */
    @StrictJson
    @Schema(name = "TranscribeRequest", additionalProperties = Schema.False.class)
    public record Transcribe(
            @Size(max = MAX_TRANSCRIPT, message = "transcript is limited to 500,000 characters") String transcript,
            String audioUrl,
            @Pattern(regexp = "[a-zA-Z]{2,3}(-[a-zA-Z]{2,4})?", message = "language must be an ISO-639-1 code such as \"en\"")
            String language,
            @Min(value = 1, message = SPEAKERS) @Max(value = 20, message = SPEAKERS) Integer speakers) {

        static final String SPEAKERS = "speakers must be a whole number from 1 to 20";
    }

    /** {@code POST /v1/ai/knowledge/search}: up to {@code limit} articles (default 10). */
    @StrictJson
    @Schema(name = "KnowledgeSearchRequest", additionalProperties = Schema.False.class)
    public record KnowledgeSearch(
            @NotBlank(message = "query is required: the words to look for")
            @Size(max = MAX_QUESTION, message = "query is limited to 2000 characters") String query,
            @Size(min = 1, max = 255, message = CATEGORY) @Pattern(regexp = ".*\\S.*", message = CATEGORY) String category,
            @Min(value = 1, message = LIMIT) @Max(value = MAX_RESULTS, message = LIMIT) Integer limit) {

        static final String LIMIT = "limit must be a whole number from 1 to 50";
    }

    /** {@code POST /v1/ai/knowledge/ask}: an answer from up to {@code maxResults} articles (default 5). */
    @StrictJson
    @Schema(name = "KnowledgeAskRequest", additionalProperties = Schema.False.class)
    public record KnowledgeAsk(
            @NotBlank(message = "question is required: the words to look for")
            @Size(max = MAX_QUESTION, message = "question is limited to 2000 characters") String question,
            @Size(min = 1, max = 255, message = CATEGORY) @Pattern(regexp = ".*\\S.*", message = CATEGORY) String category,
            @Min(value = 1, message = MAX) @Max(value = MAX_RESULTS, message = MAX) Integer maxResults) {

        static final String MAX = "maxResults must be a whole number from 1 to 50";
    }
}
