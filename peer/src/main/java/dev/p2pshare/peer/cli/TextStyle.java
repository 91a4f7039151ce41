package dev.p2pshare.peer.cli;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * How the interactive shell colours what it prints: headings bold, errors red, finished work
 * green. With colour off (piped output, {@code NO_COLOR}, {@code --no-color}) every method returns
 * its text unchanged.
 */
public record TextStyle(boolean colour) {

    /** No colour: for pipes and files, and for people who asked for none. */
    public static final TextStyle PLAIN = new TextStyle(false);

    /**
     * Colour unless {@code noColorFlag} is set or the environment has a non-empty
     * {@code NO_COLOR}, as https://no-color.org asks.
     */
    public static TextStyle forTerminal(boolean noColorFlag, String noColorVariable) {
        return new TextStyle(!noColorFlag && (noColorVariable == null || noColorVariable.isEmpty()));
    }

    /** A table's header row. */
    String heading(String text) {
        return styled(text, AttributedStyle.BOLD);
    }

    /** An error or a failure. */
    String error(String text) {
        return styled(text, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED));
    }

    /** Work that finished well: a download in place. */
    String success(String text) {
        return styled(text, AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN));
    }

    /** A text, offer or other notice from the network. */
    String notice(String text) {
        return styled(text, AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN));
    }

    /** The prompt. */
    String prompt(String text) {
        return styled(text, AttributedStyle.BOLD.foreground(AttributedStyle.CYAN));
    }

    private String styled(String text, AttributedStyle style) {
        if (!colour) {
            return text;
        }
        return new AttributedString(text, style).toAnsi();
    }
}
