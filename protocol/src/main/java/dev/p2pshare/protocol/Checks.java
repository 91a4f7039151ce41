package dev.p2pshare.protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Range and size checks shared by the message constructors. */
final class Checks {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern ZONE = Pattern.compile("[0-9A-Za-z._-]{1,64}");

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
     * Returns {@code value} if it has {@code minChars} to {@code maxChars} characters, none
     * that could take over a terminal it is printed on or change the order it shows in
     * ({@link #isUnsafe}), and no unpaired surrogate (which is not text, and which some JSON
     * libraries refuse).
     */
    static String text(String field, String value, int minChars, int maxChars) {
        Objects.requireNonNull(value, field);
        if (value.length() < minChars || value.length() > maxChars) {
            throw new IllegalArgumentException(field + " must be " + minChars + " to " + maxChars
                    + " characters, not " + value.length());
        }
        int unsafe = firstUnsafe(value);
        if (unsafe >= 0) {
            throw new IllegalArgumentException(Character.isSurrogate(value.charAt(unsafe))
                    ? field + " cannot contain an unpaired surrogate"
                    : String.format("%s cannot contain U+%04X", field, (int) value.charAt(unsafe)));
        }
        return value;
    }

    /**
     * Whether {@code c} could take over a terminal or change how text shows: a control character
     * (C0, DEL, C1: escape sequences start with one), a bidirectional embedding, override,
     * isolate or mark (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C: they make
     * {@code exe.pdf} show as {@code fdp.exe}), or a line or paragraph separator (U+2028, U+2029).
     */
    static boolean isUnsafe(char c) {
        return Character.isISOControl(c) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E' || c == '\u200F' || c == '\u061C' || c == '\u2028' || c == '\u2029';
    }

    /** The index of the first character of {@code text} that is {@link #isUnsafe} or an unpaired surrogate, or -1. */
    static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || isUnsafe(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns {@code host} if it is an IP literal: a dotted quad (each part 0 to 255, no leading
     * zeros), or an IPv6 address without brackets, with a {@code %} zone if any. Never looked up:
     * a host name from the network could make a receiver ask DNS, which an attacker may answer.
     */
    static String ipLiteral(String field, String host) {
        text(field, host, 1, Limits.MAX_HOST_CHARS);
        if (IPV4.matcher(host).matches()) {
            return host;
        }
        String address = host.indexOf('%') < 0 ? host : host.substring(0, host.indexOf('%'));
        String zone = host.indexOf('%') < 0 ? "" : host.substring(host.indexOf('%') + 1);
        if (address.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(address).matches()
                && (host.indexOf('%') < 0 || ZONE.matcher(zone).matches())) {
            try {
                // With a colon in it, this parses an IPv6 literal and never asks DNS.
                InetAddress.getByName(address);
                return host;
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(field + " '" + host + "' is not an IP address", e);
            }
        }
        throw new IllegalArgumentException(field + " must be an IP address, not '" + host + "'");
    }

    static <T> List<T> list(String field, List<T> values, int max) {
        Objects.requireNonNull(values, field);
        if (values.size() > max) {
            throw new IllegalArgumentException(field + " holds at most " + max + " entries, not " + values.size());
        }
        return List.copyOf(values);
    }
}
