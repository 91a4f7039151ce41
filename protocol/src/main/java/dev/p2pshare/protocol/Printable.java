package dev.p2pshare.protocol;

/**
 * Text made safe to print on a terminal or in a log line: every character that could take over
 * the terminal, change the order text shows in, or break the line ({@link Checks#isUnsafe}), and
 * every unpaired surrogate, is shown as an escape: {@code \e} for ESC, {@code \n}, {@code \r} and
 * {@code \t}, {@code \}{@code uXXXX} for the rest. Wire strings cannot hold such characters; names
 * read from the disk, paths and what a user typed can.
 */
public final class Printable {

    private Printable() {
    }

    /** {@code text} with every unsafe character escaped; {@code text} itself if it has none. */
    public static String escape(String text) {
        if (Checks.firstUnsafe(text) < 0) {
            return text;
        }
        StringBuilder shown = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                shown.append(c).append(text.charAt(++i));
            } else if (c == '\u001b') {
                shown.append("\\e");
            } else if (c == '\n') {
                shown.append("\\n");
            } else if (c == '\r') {
                shown.append("\\r");
            } else if (c == '\t') {
                shown.append("\\t");
            } else if (Character.isSurrogate(c) || Checks.isUnsafe(c)) {
                shown.append(String.format("\\u%04X", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }

    /** The path or other object {@code value} as text, escaped as {@link #escape(String)} does. */
    public static String escape(Object value) {
        return escape(String.valueOf(value));
    }
}
