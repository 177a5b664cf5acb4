package com.hotcrm.sdk;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An object's two names: its API name ({@code Account}, in bodies and metadata) and its URL path
 * ({@code accounts}): the plural lower-case name for standard objects, the lower-case API name for custom ones.
 */
final class ObjectNames {

    static final Map<String, String> STANDARD_PATHS = Map.of("Account", "accounts", "Contact", "contacts", "Lead",
            "leads", "Opportunity", "opportunities", "OpportunityLineItem", "opportunitylineitems", "Product",
            "products", "Case", "cases", "Activity", "activities", "KnowledgeArticle", "knowledgearticles");
    private static final Map<String, String> NAMES_BY_PATH = STANDARD_PATHS.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private ObjectNames() {
    }

    /** The API name of an object given by either name: {@code accounts} gives {@code Account}. */
    static String apiName(String name) {
        return NAMES_BY_PATH.getOrDefault(requireName(name), name);
    }

    /** The path of an object given by either name: {@code Project__c} gives {@code project__c}. */
    static String path(String name) {
        String apiName = apiName(name);
        return STANDARD_PATHS.getOrDefault(apiName, apiName.toLowerCase(Locale.ROOT));
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("An object name is needed, e.g. \"Account\" or \"Project__c\"");
        }
        return name;
    }
}
