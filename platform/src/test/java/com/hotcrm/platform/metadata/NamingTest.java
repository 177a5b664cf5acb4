package com.hotcrm.platform.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamingTest {

    @ParameterizedTest
    @ValueSource(strings = { "annual_revenue", "_x", "a1", "budget__c", "a23456789012345678901234567890123456789012345678901234567890123" })
    void plainLowerCaseNamesAreQuoted(String name) {
        assertEquals('"' + name + '"', Naming.quote(name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "1a", "Annual", "a-b", "a\"b", "a b", "a;drop", "é", "a\u0000",
            "a234567890123456789012345678901234567890123456789012345678901234" })
    void anythingElseIsRefused(String name) {
        assertThrows(IllegalArgumentException.class, () -> Naming.quote(name));
    }

    @Test
    void apiNamesBecomeSnakeCaseTheSameEveryTime() {
        for (int i = 0; i < 2; i++) {
            assertEquals("annual_revenue", Naming.snakeCase("AnnualRevenue"));
            assertEquals("ai_win_probability", Naming.snakeCase("AIWinProbability"));
            assertEquals("budget__c", Naming.snakeCase("Budget__c"));
            assertEquals("knowledge_article", Naming.snakeCase("KnowledgeArticle"));
        }
    }
}
