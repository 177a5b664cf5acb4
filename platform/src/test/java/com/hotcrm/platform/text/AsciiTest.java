package com.hotcrm.platform.text;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AsciiTest {

    @Test
    void matchesTakesTheFirstClassOnceThenTheRestUpToTheLength() {
        assertTrue(Ascii.matches("a1", 2, Ascii::isLower, Ascii::isDigit));
        assertFalse(Ascii.matches("a1", 1, Ascii::isLower, Ascii::isDigit), "too long");
        assertFalse(Ascii.matches("", 5, Ascii::isLower, Ascii::isDigit), "empty");
        assertFalse(Ascii.matches("1a", 5, Ascii::isLower, Ascii::isDigit), "first class");
        assertFalse(Ascii.matches("aa", 5, Ascii::isLower, Ascii::isDigit), "rest class");
        assertTrue(Ascii.matches("xx_a1_yy", 3, 5, 2, Ascii::isLower, Ascii::isDigit), "a range of the string");
        assertFalse(Ascii.matches("xx_a1_yy", 3, 3, 2, Ascii::isLower, Ascii::isDigit), "an empty range");
    }

    @Test
    void classesAreAsciiOnly() {
        assertTrue(Ascii.isLetter('Z') && Ascii.isLetter('a') && Ascii.isDigit('9') && Ascii.isLetterOrDigit('0'));
        assertFalse(Ascii.isLetter('é') || Ascii.isLower('A') || Ascii.isDigit('٣') || Ascii.isLetterOrDigit('_'));
    }
}
