package com.hotcrm.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The constants request bodies validate with say the same as the lists and parsers they stand for. */
class RequestPatternsTest {

    @Test
    void rolePatternIsExactlyTheRoles() {
        Pattern roles = Pattern.compile(Roles.PATTERN);
        Roles.ALL.forEach(role -> assertTrue(roles.matcher(role).matches(), role));
        assertFalse(roles.matcher("king").matches());
        assertFalse(roles.matcher("Admin").matches());
        assertEquals(String.join(", ", Roles.ALL), Roles.LISTED);
    }

    @Test
    void tierPatternAcceptsWhatParseAccepts() {
        Pattern tiers = Pattern.compile(RateLimitTier.PATTERN);
        for (String value : new String[] { "Standard", "premium", " ENTERPRISE ", "gold", "", "standard-ish" }) {
            assertEquals(RateLimitTier.parse(value).isPresent(), tiers.matcher(value).matches(), value);
        }
    }

    @Test
    void definableTypesAreEveryTypeButId() {
        Pattern types = Pattern.compile(com.hotcrm.platform.metadata.FieldType.DEFINABLE);
        for (var type : com.hotcrm.platform.metadata.FieldType.values()) {
            assertEquals(type != com.hotcrm.platform.metadata.FieldType.ID, types.matcher(type.apiName()).matches(), type.apiName());
        }
    }

    @Test
    void customApiNamesAreApiNamesEndingInUnderscoreC() {
        Pattern custom = Pattern.compile(com.hotcrm.platform.metadata.Naming.CUSTOM_API_NAME);
        for (String name : new String[] { "Project__c", "Budget2__c", "Project", "project__c", "Pro_ject__c", "__c" }) {
            assertEquals(name.endsWith("__c") && com.hotcrm.platform.metadata.Naming.isApiName(name),
                    custom.matcher(name).matches(), name);
        }
    }

    @Test
    void recordIdPatternIsWhatIsWellFormedAccepts() {
        Pattern ids = Pattern.compile(com.hotcrm.platform.metadata.RecordIds.PATTERN);
        for (String id : new String[] { "acc_01JH6Q3Z8K4W2N7M5B9C0D1E2F", "a_b", "acc_", "_x", "Acc_x", "acc_x\u0000", "acc_é",
                "abcdefghijklmnopq_x", "acc_" + "a".repeat(65), "acc_x_y" }) {
            assertEquals(com.hotcrm.platform.metadata.RecordIds.isWellFormed(id), ids.matcher(id).matches(), id);
        }
    }
}
