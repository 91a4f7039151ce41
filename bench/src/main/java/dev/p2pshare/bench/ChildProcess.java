package dev.p2pshare.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program a benchmark started. Every line it prints is kept with the moment it arrived, so a
 * benchmark can wait for a line ("listening on", "got ...") and time it; both streams are also
 * copied to a log file named after the process, for looking into a run afterwards.
 *
 * <p>Thread-safe. {@link #close} stops the process (SIGTERM, then SIGKILL if it lingers).
 */
final class ChildProcess implements AutoCloseable {

    /** A line of output and when it arrived, in {@link System#nanoTime} units. */
    record Line(String text, long nanos, boolean standardError) {
    }

    private static final Duration GRACE = Duration.ofSeconds(15);

    private final String label;
    private final Process process;
    private final Writer input;
    private final Path log;
    private final boolean java;
    private final List<Line> lines = new ArrayList<>();
    private int openStreams = 2;
    private volatile boolean stopping;

    private ChildProcess(String label, Process process, Path log, boolean java) {
        this.label = label;
        this.java = java;
        this.process = process;
        this.log = log;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Starts {@code command} in {@code directory}, logging its output to
     * {@code logDirectory/label.log}.
     */
    static ChildProcess start(String label, List<String> command, Path directory, Path logDirectory)
            throws IOException {
        return start(label, command, Map.of(), directory, logDirectory);
    }

    /** Starts {@code command} as {@link #start(String, List, Path, Path)} does, with {@code environment} added to this one's. */
    static ChildProcess start(String label, List<String> command, Map<String, String> environment, Path directory,
            Path logDirectory) throws IOException {
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(label + ".log");
        Files.writeString(log, String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean java = Path.of(command.get(0)).getFileName().toString().equals("java");
        ChildProcess child = new ChildProcess(label, process, log, java);
        child.follow(process.getInputStream(), false);
        child.follow(process.getErrorStream(), true);
        return child;
    }

    /** The operating system's id of the process. */
    long pid() {
        return process.pid();
    }

    /**
     * The processor time the process has used so far, user and system, as the operating system
     * counts it; empty once it has exited, or where the system does not tell.
     */
    Optional<Duration> cpu() {
        return process.toHandle().info().totalCpuDuration();
    }

    /**
     * The processor time {@code processes} have used so far, in seconds, summed; empty if one of
     * them cannot tell (it exited): a sum without it would look cheaper than it was.
     */
    static OptionalDouble cpuSeconds(List<ChildProcess> processes) {
        double seconds = 0;
        for (ChildProcess child : processes) {
            Optional<Duration> cpu = child.cpu();
            if (cpu.isEmpty()) {
                return OptionalDouble.empty();
            }
            seconds += cpu.get().toNanos() / 1e9;
        }
        return OptionalDouble.of(seconds);
    }

    /**
     * The processor time {@code processes} have used since they had used {@code before}, in
     * seconds; empty if either total is unknown.
     */
    static OptionalDouble cpuSince(OptionalDouble before, List<ChildProcess> processes) {
        OptionalDouble now = cpuSeconds(processes);
        return before.isPresent() && now.isPresent() ? OptionalDouble.of(now.getAsDouble() - before.getAsDouble())
                : OptionalDouble.empty();
    }

    String label() {
        return label;
    }

    /** Writes {@code line} and a newline to the process's standard input. */
    void send(String line) throws IOException {
        synchronized (input) {
            input.write(line + "\n");
            input.flush();
        }
    }

    /** Closes the process's standard input: a peer reading commands from it then exits. */
    void closeInput() throws IOException {
        synchronized (input) {
            input.close();
        }
    }

    /**
     * Waits for the first line on standard output matching {@code wanted}, printed already or to
     * come, and returns it.
     *
     * @throws IOException if the process ends its output first or {@code timeout} passes
     */
    Line awaitLine(Predicate<String> wanted, Duration timeout) throws IOException {
        return awaitFirst(line -> wanted.test(line.text()), timeout);
    }

    /**
     * Waits for the first line on standard output matching {@code wanted} that arrived at
     * {@code afterNanos} ({@link System#nanoTime}) or later, and returns it.
     *
     * @throws IOException if the process ends its output first or {@code timeout} passes
     */
    Line awaitLine(Predicate<String> wanted, long afterNanos, Duration timeout) throws IOException {
        return awaitFirst(line -> line.nanos() - afterNanos >= 0 && wanted.test(line.text()), timeout);
    }

    private Line awaitFirst(Predicate<Line> wanted, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    Line line = lines.get(checked);
                    if (!line.standardError() && wanted.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (openStreams == 0 || left <= 0) {
                    if (openStreams > 0) {
                        dumpThreads();
                    }
                    throw new IOException(label + (openStreams == 0 ? " ended" : " did not answer within "
                            + timeout.toSeconds() + " s") + " without the expected line; its output is in " + log);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lines, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for " + label, e);
                }
            }
        }
    }

    /**
     * Waits until both output streams have been read to their end (the process has exited and
     * everything it printed is in {@link #lines}).
     *
     * @throws IOException if that takes longer than {@code timeout}
     */
    void awaitEndOfOutput(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (openStreams > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException(label + " kept its output open for more than " + timeout.toSeconds() + " s");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lines, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for " + label, e);
                }
            }
        }
    }

    /** Every line printed so far, in order. */
    List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * Waits up to {@code timeout} for the process to exit by itself.
     *
     * @return its exit code
     * @throws IOException if it is still running then
     */
    int awaitExit(Duration timeout) throws IOException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(label + " did not exit within " + timeout.toSeconds() + " s; its output is in " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + label + " to exit", e);
        }
    }

    /** Stops the process: SIGTERM, then SIGKILL if it has not exited within a grace period. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        stopping = true;
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Asks a Java process to print its threads' stacks (into its output, so into the log), to
     * show where a process that stopped answering is stuck.
     */
    private void dumpThreads() {
        if (!java) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-QUIT", String.valueOf(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
            // The dump arrives on the reader threads; waiting releases the lock they need.
            lines.wait(1000);
        } catch (IOException e) {
            lines.add(new Line("bench: could not ask for a thread dump: " + e.getMessage(), System.nanoTime(), true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void follow(InputStream stream, boolean standardError) {
        Thread reader = new Thread(() -> copyLines(stream, standardError), label + (standardError ? "-err" : "-out"));
        reader.setDaemon(true);
        reader.start();
    }

    private void copyLines(InputStream stream, boolean standardError) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                long now = System.nanoTime();
                synchronized (lines) {
                    lines.add(new Line(text, now, standardError));
                    lines.notifyAll();
                }
                synchronized (log) {
                    Files.writeString(log, (standardError ? "err| " : "out| ") + text + System.lineSeparator(),
                            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                }
            }
        } catch (IOException e) {
            // Stopping the process closes its streams under this reader; what it printed is kept.
            if (!stopping) {
                throw new UncheckedIOException(label + ": reading its output failed", e);
            }
        } finally {
            synchronized (lines) {
                openStreams--;
                lines.notifyAll();
            }
        }
    }
}
