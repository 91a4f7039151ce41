package dev.p2pshare.peer;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A terminal a test can type into and read, as a person sees it: a program run in a detached tmux
 * session on a tmux server of its own (its socket in a test folder), so that tests never touch a
 * user's sessions. The screen is read with {@code capture-pane}, as tmux has drawn it.
 */
final class TmuxTerminal implements AutoCloseable {

    private static final Duration COMMAND = Duration.ofSeconds(10);

    private final Path socket;
    private final String session;
    /** The pane's process: the program, or a shell running it. */
    private long programPid;

    private TmuxTerminal(Path socket, String session) {
        this.socket = socket;
        this.session = session;
    }

    /** Whether tmux is installed here. */
    static boolean available() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(directory -> !directory.isEmpty() && Files.isExecutable(Path.of(directory, "tmux")));
    }

    /**
     * Runs {@code command} in {@code directory} on a new 200 × 50 terminal, with {@code environment}
     * ({@code NAME=value} each) added to this process's.
     */
    static TmuxTerminal start(Path socket, String session, Path directory, List<String> environment, List<String> command)
            throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("new-session", "-d", "-s", session, "-x", "200", "-y", "50", "-c",
                directory.toString()));
        List<String> program = new ArrayList<>(List.of("env"));
        program.addAll(environment);
        program.addAll(command);
        line.add(String.join(" ", program.stream().map(TmuxTerminal::quoted).toList()));
        TmuxTerminal terminal = new TmuxTerminal(socket, session);
        terminal.tmux(line.toArray(String[]::new));
        // Keep the pane when the program ends, so that its last screen can still be read.
        terminal.tmux("set-option", "-t", session, "remain-on-exit", "on");
        terminal.programPid = Long.parseLong(terminal.tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip());
        return terminal;
    }

    /** Types {@code keys}, in tmux's key names where one is given ({@code Tab}, {@code Enter}, {@code C-u}, {@code Up}). */
    void send(String... keys) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("send-keys", "-t", session));
        line.addAll(List.of(keys));
        tmux(line.toArray(String[]::new));
    }

    /** Types {@code text} literally, each character as itself. */
    void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", session, "-l", text);
    }

    /** The screen as text, without colours. */
    String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", session);
    }

    /** The screen with its colours, as escape sequences. */
    String screenWithEscapes() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-e", "-t", session);
    }

    /** The last line of the screen that is not blank: where the cursor's line is at a prompt. */
    String lastLine() throws IOException, InterruptedException {
        List<String> lines = screen().lines().filter(text -> !text.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** Waits up to {@code timeout} until the screen matches {@code wanted}; returns it. */
    String awaitScreen(Predicate<String> wanted, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(this::screen, wanted::test);
    }

    /** Waits up to {@code timeout} until the last non-blank line is {@code wanted}. */
    void awaitLastLine(String wanted, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(this::lastLine, wanted::equals);
    }

    /** Whether the program in the terminal has ended. */
    boolean ended() throws IOException, InterruptedException {
        return tmux("display-message", "-p", "-t", session, "#{pane_dead}").strip().equals("1");
    }

    /**
     * Ends the terminal, and waits for its program to exit: a program still writing to a test's
     * folder would stop that folder from being deleted.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        // The pane's process may be a shell running the program: wait for both, and their children.
        List<ProcessHandle> running = ProcessHandle.of(programPid)
                .map(pane -> Stream.concat(Stream.of(pane), pane.descendants()).toList()).orElse(List.of());
        tmux("kill-server");
        for (ProcessHandle process : running) {
            try {
                process.onExit().get(COMMAND.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                process.destroyForcibly();
                throw new IOException("the program in the terminal did not exit after the terminal closed", e);
            }
        }
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("tmux " + String.join(" ", args) + " did not finish");
        }
        if (process.exitValue() != 0 && !args[0].equals("kill-server")) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
