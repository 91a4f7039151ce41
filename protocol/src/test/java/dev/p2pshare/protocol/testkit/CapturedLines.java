package dev.p2pshare.protocol.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The lines of one output stream of a process, read as they are printed by a thread of their own.
 *
 * <p>Thread-safe: the reading thread adds lines, tests read and wait from any thread. The stream
 * ends when the process closes it, which for the jars means when they exit; a stream that cannot
 * be read any more ends with a line saying why.
 */
final class CapturedLines {

    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean ended;

    private CapturedLines(InputStream stream, String threadName) {
        reader = new Thread(() -> readAll(stream), threadName);
        reader.setDaemon(true);
    }

    /** Starts reading {@code stream} as UTF-8 on a daemon thread named {@code threadName}. */
    static CapturedLines readFrom(InputStream stream, String threadName) {
        CapturedLines captured = new CapturedLines(stream, threadName);
        captured.reader.start();
        return captured;
    }

    private void readAll(InputStream stream) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                add(line);
            }
        } catch (IOException e) {
            add("<output unreadable: " + e + ">");
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }

    /** Everything read so far, one line after another, joined by {@code \n}. */
    synchronized String text() {
        return String.join("\n", lines);
    }

    /**
     * Waits until a line in which {@code pattern} finds a match has been read, and returns that
     * line; empty if the stream ends or {@code timeout} passes first.
     */
    synchronized Optional<String> awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (pattern.matcher(lines.get(checked)).find()) {
                    return Optional.of(lines.get(checked));
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Whether the stream has ended: nothing more will be read. */
    synchronized boolean ended() {
        return ended;
    }

    /** Waits up to {@code timeout} for the stream to end, so that {@link #text} holds all of it. */
    void awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
    }
}
