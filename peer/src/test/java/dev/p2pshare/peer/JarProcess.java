package dev.p2pshare.peer;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the shipped jars running as its own process, started with the same {@code java} as the
 * tests. Its output is collected line by line so tests can wait for a line and read it all later.
 */
final class JarProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outCollector;
    private final Thread errCollector;

    private JarProcess(Process process) {
        this.process = process;
        this.outCollector = collect(process.getInputStream(), out);
        this.errCollector = collect(process.getErrorStream(), err);
    }

    /** Starts {@code java -jar jar args…} in {@code directory}. */
    static JarProcess start(Path jar, Path directory, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return new JarProcess(new ProcessBuilder(command).directory(directory.toFile()).start());
    }

    /** The jar a failsafe system property names, such as {@code p2pshare.peer.jar}. */
    static Path jar(String property) {
        String path = System.getProperty(property);
        if (path == null) {
            throw new IllegalStateException(property + " is not set: run the jar tests through 'mvn verify'");
        }
        return Path.of(path).toAbsolutePath();
    }

    private static Thread collect(InputStream stream, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<output unreadable: " + e + ">");
            }
        }, "jar-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /** Waits for the {@code listening on HOST:PORT} line and returns the port. */
    int awaitListeningPort() {
        await("a 'listening on' line from " + this).atMost(Duration.ofSeconds(30))
                .until(() -> listeningPort().isPresent() || !process.isAlive());
        return listeningPort().orElseThrow(() -> new AssertionError("exited without listening: " + this));
    }

    private Optional<Integer> listeningPort() {
        for (String line : out) {
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return Optional.of(Integer.parseInt(matcher.group(2)));
            }
        }
        return Optional.empty();
    }

    /** Writes {@code lines} to standard input and closes it. */
    void script(String... lines) {
        try (OutputStream in = process.getOutputStream()) {
            in.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process's standard input, for tests that type into it over time. */
    OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Waits for the process to end and returns its exit status. */
    int exitStatus(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ": " + this);
        }
        // The pipes close when the process ends; the collectors finish reading what is left.
        outCollector.join(5_000);
        errCollector.join(5_000);
        return process.exitValue();
    }

    /** Sends a signal by name, such as {@code STOP} or {@code CONT}, with the system's kill command. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Sends SIGTERM. */
    void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL. */
    void kill() {
        process.destroyForcibly();
    }

    String out() {
        return String.join("\n", out);
    }

    String err() {
        return String.join("\n", err);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "process " + process.pid() + "\n--- stdout\n" + out() + "\n--- stderr\n" + err();
    }
}
