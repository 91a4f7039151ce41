package dev.p2pshare.peer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The last {@value #KEPT} lines the peer logged, for the web page's log view: whatever is written
 * through {@link #copyOf} is kept here line by line, and listeners hear of each new line.
 * Thread-safe.
 */
public final class RecentLog {

    /** How many lines are kept. */
    public static final int KEPT = 500;

    private final Deque<String> lines = new ArrayDeque<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** A stream that writes to {@code out} and keeps each whole line here too. */
    public OutputStream copyOf(OutputStream out) {
        Objects.requireNonNull(out, "out");
        return new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) throws IOException {
                out.write(b);
                collect(b);
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
                for (int i = offset; i < offset + length; i++) {
                    collect(bytes[i]);
                }
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            private void collect(int b) {
                if (b == '\n') {
                    add(line.toString(StandardCharsets.UTF_8).stripTrailing());
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        };
    }

    /** The kept lines, oldest first. */
    public synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** Tells {@code listener} of every line from now on, on the thread that logs it. */
    public void listen(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void add(String text) {
        synchronized (this) {
            if (lines.size() == KEPT) {
                lines.removeFirst();
            }
            lines.addLast(text);
        }
        listeners.forEach(listener -> listener.accept(text));
    }
}
