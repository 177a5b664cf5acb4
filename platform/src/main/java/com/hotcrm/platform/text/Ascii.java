package com.hotcrm.platform.text;

import java.util.function.IntPredicate;

/**
 * Checks of names and ids made of ASCII classes, by hand rather than by regular expression: they run for
 * every column of every statement and every segment of every routed path, where the matchers showed in
 * profiles (a few per cent of the CPU each).
 */
public final class Ascii {

    private Ascii() {
    }

    public static boolean isLower(int c) {
        return c >= 'a' && c <= 'z';
    }

    public static boolean isLetter(int c) {
        return isLower(c) || (c >= 'A' && c <= 'Z');
    }

    public static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    public static boolean isLetterOrDigit(int c) {
        return isLetter(c) || isDigit(c);
    }

    /** Whether {@code s} is 1 to {@code maxLength} characters, the first one {@code first}, the others {@code rest}. */
    public static boolean matches(String s, int maxLength, IntPredicate first, IntPredicate rest) {
        return matches(s, 0, s.length(), maxLength, first, rest);
    }

    /** {@link #matches(String, int, IntPredicate, IntPredicate)} on the characters {@code start} to {@code end} (exclusive). */
    public static boolean matches(String s, int start, int end, int maxLength, IntPredicate first, IntPredicate rest) {
        int length = end - start;
        if (length < 1 || length > maxLength || !first.test(s.charAt(start))) {
            return false;
        }
        for (int i = start + 1; i < end; i++) {
            if (!rest.test(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
