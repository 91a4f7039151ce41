package dev.p2pshare.protocol.testkit;

import dev.p2pshare.protocol.transport.Endpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One of the shipped jars running as its own process, started with the same {@code java} as the
 * tests, or through the launcher script with the {@code java} it picks. Its standard output and
 * standard error are read line by line as it prints them, so a test can wait for a line while it
 * runs and read everything it printed afterwards.
 *
 * <p>Every failure is an {@link AssertionError} whose message holds what the process printed.
 * {@link #close} kills the process if it still runs; tests close every process they start. Methods
 * may be called from any thread.
 */
public final class JarProcess implements AutoCloseable {

    /** How long {@link #awaitListeningPort()} waits for the {@code listening on} line. */
    public static final Duration STARTUP = Duration.ofSeconds(30);

    /** How long a killed process may take to go, and the output readers to finish once it has. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final Process process;
    private final CapturedLines out;
    private final CapturedLines err;

    private JarProcess(Process process) {
        this.process = process;
        this.out = CapturedLines.readFrom(process.getInputStream(), "jar-stdout-" + process.pid());
        this.err = CapturedLines.readFrom(process.getErrorStream(), "jar-stderr-" + process.pid());
    }

    /** Starts {@code java -jar jar args…} in {@code directory}, with this JVM's environment. */
    public static JarProcess start(Path jar, Path directory, String... args) throws IOException {
        return launch(jar).in(directory).start(args);
    }

    /** The way to start {@code jar} when the folder alone is not enough: environment, merged output. */
    public static Launch launch(Path jar) {
        return new Launch(Objects.requireNonNull(jar, "jar"), null);
    }

    /**
     * The way to start a jar through the checkout's launcher script: {@code launcher module args…},
     * the script choosing the jar and the {@code java}. JVM options go to it in
     * {@code P2PSHARE_JAVA_OPTS}.
     */
    public static Launch throughLauncher(Path launcher, String module) {
        return new Launch(null, List.of(Objects.requireNonNull(launcher, "launcher").toString(),
                Objects.requireNonNull(module, "module")));
    }

    /** The command line {@code java -jar jar args…}, with the {@code java} running the tests. */
    public static List<String> command(Path jar, String... args) {
        return command(List.of(), jar, args);
    }

    private static List<String> command(List<String> jvmOptions, Path jar, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The jar a failsafe system property names, such as {@code p2pshare.peer.jar}, as an absolute path.
     *
     * @throws IllegalStateException if the property is not set or does not name a file
     */
    public static Path jar(String property) {
        String path = System.getProperty(property);
        if (path == null) {
            throw new IllegalStateException(property + " is not set: run the jar tests through 'mvn verify'");
        }
        Path jar = Path.of(path).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(property + " names " + jar + ", which is not a file: build it with 'mvn verify'");
        }
        return jar;
    }

    /**
     * Waits for a line on standard output in which {@code pattern} finds a match, and returns it.
     *
     * @throws AssertionError if the output ends or {@code timeout} passes first
     */
    public String awaitOutput(Pattern pattern, Duration timeout) throws InterruptedException {
        return awaitLine(out, "standard output", pattern, timeout);
    }

    /**
     * Waits for a line on standard error in which {@code pattern} finds a match, and returns it.
     *
     * @throws AssertionError if the output ends or {@code timeout} passes first
     */
    public String awaitError(Pattern pattern, Duration timeout) throws InterruptedException {
        return awaitLine(err, "standard error", pattern, timeout);
    }

    private String awaitLine(CapturedLines lines, String stream, Pattern pattern, Duration timeout)
            throws InterruptedException {
        return lines.awaitLine(pattern, timeout).orElseThrow(() -> new AssertionError(
                (lines.ended() ? "the " + stream + " ended" : "nothing after " + timeout)
                        + " without a line matching '" + pattern + "' from " + this));
    }

    /**
     * Waits for the {@code listening on HOST:PORT} line on standard output and returns where it listens.
     *
     * @throws AssertionError if the process ends or {@code timeout} passes first, or the line is unreadable
     */
    public Endpoint awaitListening(Duration timeout) throws InterruptedException {
        String line = awaitOutput(ListeningLine.PATTERN, timeout);
        return ListeningLine.find(line).orElseThrow(() -> new AssertionError("no port in '" + line + "' from " + this));
    }

    /** Waits up to {@link #STARTUP} for the {@code listening on HOST:PORT} line and returns the port. */
    public int awaitListeningPort() throws InterruptedException {
        return awaitListening(STARTUP).port();
    }

    /** Writes {@code lines} to standard input and closes it. */
    public void script(String... lines) {
        try (OutputStream in = process.getOutputStream()) {
            in.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process's standard input, for tests that type into it over time; closing it is theirs to do. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /**
     * Waits for the process to end and returns its exit status, once all it printed has been read.
     *
     * @throws AssertionError if it still runs after {@code timeout}
     */
    public int exitStatus(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ": " + this);
        }
        // The pipes close when the process ends; the readers finish with what is left in them.
        out.awaitEnd(DRAIN);
        err.awaitEnd(DRAIN);
        return process.exitValue();
    }

    /** Sends SIGTERM and returns the exit status, as {@link #exitStatus} does. */
    public int stop(Duration timeout) throws InterruptedException {
        terminate();
        return exitStatus(timeout);
    }

    /** Sends a signal by name, such as {@code STOP} or {@code CONT}, with the system's kill command. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Sends SIGTERM, and nothing else: standard input stays open and what the process prints is still read. */
    public void terminate() {
        // Process.destroy would also close the pipes: the process would see its input end, and the
        // last lines it prints would be lost.
        process.toHandle().destroy();
    }

    /** Sends SIGKILL; what the process printed before is still read to the end. */
    public void kill() {
        process.toHandle().destroyForcibly();
    }

    /** Standard output so far, lines joined by {@code \n}. */
    public String out() {
        return out.text();
    }

    /** Standard error so far, lines joined by {@code \n}; empty when it goes to {@link #out}. */
    public String err() {
        return err.text();
    }

    /** Kills the process if it still runs and waits briefly for it to go; an interrupt ends the wait. */
    @Override
    public void close() {
        kill();
        try {
            process.waitFor(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "process " + process.pid() + "\n--- stdout\n" + out() + "\n--- stderr\n" + err();
    }

    /** How to start a jar: its folder, additions to its environment, JVM options, where its standard error goes. */
    public static final class Launch {

        private final Path jar;
        private final List<String> launcher;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> wrapper = new ArrayList<>();
        private Path directory;
        private boolean errorIntoOutput;

        /** Exactly one of {@code jar} and {@code launcher} (the script and its first argument) is given. */
        private Launch(Path jar, List<String> launcher) {
            this.jar = jar;
            this.launcher = launcher;
        }

        /** Runs the jar in {@code directory} rather than in the tests' working directory. */
        public Launch in(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Sets one environment variable, on top of this JVM's environment. */
        public Launch environment(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Passes {@code options} to the JVM, before {@code -jar}: {@code -Xmx192m}, {@code -Dname=value}.
         * Through the launcher, which splits them at spaces, an option may not hold one.
         */
        public Launch jvmOptions(String... options) {
            for (String option : options) {
                if (!Objects.requireNonNull(option, "option").startsWith("-")) {
                    throw new IllegalArgumentException("a JVM option starts with '-', not '" + option + "'");
                }
                if (launcher != null && option.contains(" ")) {
                    throw new IllegalArgumentException("the launcher splits JVM options at spaces: '" + option + "'");
                }
                jvmOptions.add(option);
            }
            return this;
        }

        /**
         * Starts the process through {@code wrapper}, such as {@code ip netns exec NAME}, which must
         * exec it, so that the process started is the JVM (or the launcher) and signals reach it.
         */
        public Launch through(String... wrapper) {
            this.wrapper.addAll(List.of(wrapper));
            return this;
        }

        /** Sends standard error to standard output, in the order printed, as a terminal shows both. */
        public Launch errorIntoOutput() {
            this.errorIntoOutput = true;
            return this;
        }

        /** Starts {@code java -jar jar args…}, or {@code launcher module args…}. */
        public JarProcess start(String... args) throws IOException {
            List<String> command = new ArrayList<>(wrapper);
            if (launcher == null) {
                command.addAll(command(jvmOptions, jar, args));
            } else {
                command.addAll(launcher);
                command.addAll(List.of(args));
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(errorIntoOutput);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            if (launcher != null && !jvmOptions.isEmpty()) {
                builder.environment().put("P2PSHARE_JAVA_OPTS", String.join(" ", jvmOptions));
            }
            return new JarProcess(builder.start());
        }
    }
}
