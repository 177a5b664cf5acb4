package com.hotcrm.platform.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.junit.jupiter.api.Test;

class RecordIdsTest {

    @ParameterizedTest
    @ValueSource(strings = { "acc_01JH6Q3Z8K4W2N7M5B9C0D1E2F", "a_1", "abcdefghijklmno1_x", "acc_T01" })
    void wellFormed(String id) {
        assertTrue(RecordIds.isWellFormed(id));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "acc", "acc_", "_01J", "Acc_01J", "1cc_01J", "ac-c_01J", "acc_01J_2", "acc_01J-2",
            "abcdefghijklmnopq_x", "acc_é", "acc_01J;DROP" })
    void illFormed(String id) {
        assertFalse(RecordIds.isWellFormed(id));
    }

    @Test
    void lengthLimitsAndPrefixes() {
        assertTrue(RecordIds.isWellFormed("acc_" + "a".repeat(64)));
        assertFalse(RecordIds.isWellFormed("acc_" + "a".repeat(65)));
        assertFalse(RecordIds.isWellFormed(null));
        assertEquals(Optional.of("opp"), RecordIds.prefixOf(RecordIds.next("opp")));
        assertEquals(Optional.empty(), RecordIds.prefixOf("nope"));
    }
}
