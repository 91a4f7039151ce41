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

    static String text(String field, String value, int minChars, int maxChars) {
        Objects.requireNonNull(value, field);
        if (value.length() < minChars || value.length() > maxChars) {
            throw new IllegalArgumentException(field + " must be " + minChars + " to " + maxChars
                    + " characters, not " + value.length());
        }
        return value;
    }

    static <T> List<T> list(String field, List<T> values, int max) {
        Objects.requireNonNull(values, field);
        if (values.size() > max) {
            throw new IllegalArgumentException(field + " holds at most " + max + " entries, not " + values.size());
        }
        return List.copyOf(values);
    }
}
