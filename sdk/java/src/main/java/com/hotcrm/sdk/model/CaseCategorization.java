package com.hotcrm.sdk.model;

/**
 * {@code POST /ai/case-categorize}: the type and priority a new case likely has, and the support agent to route
 * it to ({@code suggestedAgent} is a user id, or null when there is none), with the reason.
 */
public record CaseCategorization(String suggestedType, String suggestedPriority, String suggestedAgent,
        String routingReason, int confidence, String model, String engine) {
}
