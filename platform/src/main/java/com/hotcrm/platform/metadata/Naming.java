package com.hotcrm.platform.metadata;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.hotcrm.platform.text.Ascii;

/**
 * How API names become SQL names: {@code AnnualRevenue} is column {@code annual_revenue},
 * {@code KnowledgeArticle} is table {@code knowledge_article}. SQL names are only ever made here, from
 * names that passed {@link #isApiName}, and are always quoted where used.
 */
public final class Naming {

    private static final Map<String, String> SNAKE_CASE = new ConcurrentHashMap<>();
    /** A custom object's or field's API name, as a constant for a request field's {@code @Pattern}. */
    public static final String CUSTOM_API_NAME = "[A-Z][A-Za-z0-9]{0,38}__c";
    private static final Pattern API_NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,38}(__c)?");

    private Naming() {
    }

    /** PascalCase, letters and digits, optionally ending in {@code __c} (custom). */
    public static boolean isApiName(String name) {
        return name != null && API_NAME.matcher(name).matches();
    }

    /** {@code AIWinProbability} → {@code ai_win_probability}; {@code Budget__c} → {@code budget__c}. */
    public static String snakeCase(String apiName) {
        String known = SNAKE_CASE.get(apiName);
        if (known != null) {
            return known;
        }
        String made = toSnakeCase(apiName);
        // metadata's names, asked for by every statement; bounded in case a caller ever passes others
        if (SNAKE_CASE.size() < 10_000) {
            SNAKE_CASE.put(apiName, made);
        }
        return made;
    }

    private static String toSnakeCase(String apiName) {
        String base = apiName.endsWith("__c") ? apiName.substring(0, apiName.length() - 3) : apiName;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            boolean upper = Character.isUpperCase(c);
            if (upper && i > 0) {
                char prev = base.charAt(i - 1);
                boolean nextLower = i + 1 < base.length() && Character.isLowerCase(base.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
                    out.append('_');
                }
            }
            out.append(Character.toLowerCase(c));
        }
        if (apiName.endsWith("__c")) {
            out.append("__c");
        }
        return out.toString();
    }

    /** A quoted SQL identifier; refuses anything that is not a plain lower-case name. */
    public static String quote(String sqlName) {
        if (!isSqlName(sqlName)) {
            throw new IllegalArgumentException("Not a safe SQL name: " + sqlName);
        }
        return '"' + sqlName + '"';
    }

    /** {@code [a-z_][a-z0-9_]{0,62}} */
    static boolean isSqlName(String name) {
        return Ascii.matches(name, 63, c -> Ascii.isLower(c) || c == '_', c -> Ascii.isLower(c) || Ascii.isDigit(c) || c == '_');
    }

    /** A table of schema crm, quoted. */
    public static String crmTable(String table) {
        return "crm." + quote(table);
    }
}
