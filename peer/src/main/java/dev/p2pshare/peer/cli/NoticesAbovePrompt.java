package dev.p2pshare.peer.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.jline.reader.LineReader;

/**
 * A stream for what the peer prints on its own, such as log lines, while a person types at the
 * prompt: each complete line goes above the prompt, and the line being typed is drawn again
 * below it, unbroken. While a command runs (no prompt shown), a line first clears whatever the
 * command left on the terminal's last line, such as a progress bar, which draws itself again.
 */
final class NoticesAbovePrompt extends OutputStream {

    private static final String CLEAR_LINE = "\r\033[K";

    private final LineReader reader;
    private final PrintWriter terminal;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    NoticesAbovePrompt(LineReader reader, PrintWriter terminal) {
        this.reader = reader;
        this.terminal = terminal;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() {
        // Lines are passed on whole, at their newline; a part line waits for the rest.
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        print(text);
    }

    /** Prints {@code text}, one line, above the prompt (or where a running command left off). */
    synchronized void print(String text) {
        if (reader.isReading()) {
            reader.printAbove(text);
        } else {
            terminal.print(CLEAR_LINE + text + System.lineSeparator());
            terminal.flush();
        }
    }
}
