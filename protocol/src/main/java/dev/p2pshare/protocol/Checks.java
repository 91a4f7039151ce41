package dev.p2pshare.protocol;

import java.util.List;
import java.util.Objects;

/** Range and size checks shared by the message constructors. */
final class Checks {

    private Checks() {
    }

    static long range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    static int port(int port) {
        return (int) range("port", port, 1, 65_535);
    }

    /**
     * Returns {@code value} if it has {@code minChars} to {@code maxChars} characters and none
     * that could take over a terminal it is printed on: no control characters (escape sequences
     * start with one) and no bidirectional embedding, override or isolate characters (which make
     * text display in another order than it reads).
     */
    static String text(String field, String value, int minChars, int maxChars) {
        Objects.requireNonNull(value, field);
        if (value.length() < minChars || value.length() > maxChars) {
            throw new IllegalArgumentException(field + " must be " + minChars + " to " + maxChars
                    + " characters, not " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || isBidiControl(c)) {
                throw new IllegalArgumentException(String.format("%s cannot contain U+%04X", field, (int) c));
            }
        }
        return value;
    }

    /** Whether {@code c} is a bidirectional embedding, override or isolate character. */
    static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    static <T> List<T> list(String field, List<T> values, int max) {
        Objects.requireNonNull(values, field);
        if (values.size() > max) {
            throw new IllegalArgumentException(field + " holds at most " + max + " entries, not " + values.size());
        }
        return List.copyOf(values);
    }
}
