package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.p2pshare.protocol.testkit.JarProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell on a real terminal (tmux), driven by keys as a person types them: Tab
 * completes commands and the last search's numbers; {@code get} gives the prompt back at once
 * while the download draws its bar below it, {@code status} shows it running, and a notice in
 * colour says when it is done; {@code cancel} stops another; history comes back after a restart,
 * {@code NO_COLOR} turns colour off, and a log line that arrives while a command is half typed
 * goes above the prompt and leaves the typing intact. Skipped, saying so, where tmux is not
 * installed ({@code .ci/run} installs it).
 */
@Timeout(180)
class InteractiveShellIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Path TRACKER_JAR = JarProcess.jar("p2pshare.tracker.jar");
    private static final Path PEER_JAR = JarProcess.jar("p2pshare.peer.jar");
    private static final int VIDEO_BYTES = 48 * 1024 * 1024;

    @TempDir
    Path temp;

    private final List<JarProcess> processes = new ArrayList<>();
    private final List<TmuxTerminal> terminals = new ArrayList<>();
    private JarProcess tracker;
    private int trackerPort;
    private byte[] video;

    @BeforeEach
    void startTrackerAndSlowSeeder() throws Exception {
        assumeTrue(TmuxTerminal.available(), "tmux is not installed here");
        tracker = JarProcess.start(TRACKER_JAR, temp, "--port", "0", "--no-announce", "--state", temp.resolve("tracker-state").toString());
        processes.add(tracker);
        trackerPort = tracker.awaitListeningPort();
        Path shared = Files.createDirectories(temp.resolve("shared"));
        video = new byte[VIDEO_BYTES];
        new Random(11).nextBytes(video);
        Files.write(shared.resolve("holiday.mp4"), video);
        byte[] concert = new byte[VIDEO_BYTES];
        new Random(12).nextBytes(concert);
        Files.write(shared.resolve("concert.mp4"), concert);
        // Slow enough (8 MiB/s) that the progress bar is on the screen for a few seconds.
        JarProcess seeder = JarProcess.start(PEER_JAR, temp, "shared", "--tracker", "127.0.0.1:" + trackerPort, "--name",
                "seeder", "--serve", "--upload-limit", "8");
        processes.add(seeder);
        seeder.awaitListeningPort();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (TmuxTerminal terminal : terminals) {
            terminal.close();
        }
        processes.forEach(JarProcess::close);
    }

    private TmuxTerminal typist(String name, String... environment) throws Exception {
        List<String> variables = new ArrayList<>(List.of("HOME=" + temp.resolve("home"), "TERM=xterm-256color"));
        variables.addAll(List.of(environment));
        TmuxTerminal terminal = TmuxTerminal.start(temp.resolve("tmux-" + name + ".sock"), name, temp, variables,
                JarProcess.command(PEER_JAR, "typist", "--tracker", "127.0.0.1:" + trackerPort, "--name", "typist"));
        terminals.add(terminal);
        terminal.awaitLastLine("p2p>", PATIENCE);
        return terminal;
    }

    /** The line just above the prompt: where the bars of running downloads are. */
    private static String lineAbovePrompt(TmuxTerminal terminal) throws Exception {
        List<String> lines = terminal.screen().lines().filter(line -> !line.isBlank()).toList();
        return lines.size() < 2 ? "" : lines.get(lines.size() - 2);
    }

    @Test
    void completesDrawsProgressRemembersAndKeepsTypingIntactUnderNoticesAndLogLines() throws Exception {
        TmuxTerminal first = typist("first");
        // A piped peer started after the typist: its arrival shows, and it sends a text later.
        JarProcess chatter = JarProcess.start(PEER_JAR, temp, "chatter", "--tracker", "127.0.0.1:" + trackerPort,
                "--name", "chatter");
        processes.add(chatter);
        first.awaitScreen(screen -> screen.matches("(?s).*chatter \\([0-9a-f]{12}\\) joined.*"), PATIENCE);

        first.type("sea");
        first.send("Tab");
        first.awaitLastLine("p2p> search", PATIENCE);
        first.type("holiday");
        first.send("Enter");
        first.awaitScreen(screen -> screen.contains("holiday.mp4") && screen.contains("SOURCES"), PATIENCE);

        first.type("get #");
        first.send("Tab");
        first.awaitLastLine("p2p> get #1", PATIENCE);
        first.send("Enter");
        String during = first.awaitScreen(screen -> screen.contains("getting holiday.mp4 in the background")
                && screen.matches("(?s).*holiday\\.mp4 +\\d+%.*"), PATIENCE);
        assertThat(during).as("the prompt back at once, the bar just above it").containsPattern(
                "getting holiday\\.mp4 in the background.*\\n.*holiday\\.mp4 +\\d+%.*\\d+/48(\\.\\d)? MiB.*\\np2p>");
        // 'status' tells the state at the moment it is typed: once bytes arrive, the download runs.
        first.awaitScreen(screen -> screen.matches("(?s).*holiday\\.mp4 +[1-9][0-9]?%.*"), PATIENCE);
        first.type("status");
        first.send("Enter");
        first.awaitScreen(screen -> screen.matches("(?s).*running .*holiday\\.mp4.*"), PATIENCE);
        first.awaitScreen(screen -> screen.contains("got holiday.mp4"), PATIENCE);
        assertThat(first.screenWithEscapes()).as("the download's end, in green").contains("\033[32mgot holiday.mp4");
        first.awaitLastLine("p2p>", PATIENCE);
        await().atMost(PATIENCE).until(() -> lineAbovePrompt(first), line -> !line.matches(".*holiday\\.mp4 +\\d+%.*"));
        assertThat(Files.readAllBytes(temp.resolve("typist/holiday.mp4"))).isEqualTo(video);

        first.type("get concert.mp4");
        first.send("Enter");
        first.awaitScreen(screen -> screen.matches("(?s).*concert\\.mp4 +\\d+%.*"), PATIENCE);
        first.type("cancel conc");
        first.awaitLastLine("p2p> cancel conc", PATIENCE);
        chatter.stdin().write("msg typist hello from chatter\n".getBytes(StandardCharsets.UTF_8));
        chatter.stdin().flush();
        String withText = first.awaitScreen(screen -> screen.contains("hello from chatter"), PATIENCE);
        assertThat(withText).as("the text, with the sender's id, above the bar and the prompt").containsPattern(
                "message from chatter \\([0-9a-f]{12}\\): hello from chatter\\n(.*\\n)*.*concert\\.mp4 +\\d+%.*\\n"
                        + "p2p> cancel conc");
        assertThat(first.lastLine()).as("the half-typed command, intact below the text").isEqualTo("p2p> cancel conc");
        assertThat(first.screenWithEscapes()).as("texts in cyan").contains("\033[36mmessage from chatter");
        first.type("ert.mp4");
        first.send("Enter");
        first.awaitScreen(screen -> screen.contains("paused concert.mp4"), PATIENCE);
        assertThat(temp.resolve("typist/concert.mp4")).as("a stopped download is not in the folder").doesNotExist();
        chatter.stdin().close();
        first.awaitScreen(screen -> screen.matches("(?s).*chatter \\([0-9a-f]{12}\\) left.*"), PATIENCE);

        first.type("quit");
        first.send("Enter");
        await().atMost(PATIENCE).until(first::ended);

        TmuxTerminal second = typist("second", "NO_COLOR=1");
        assertThat(second.screenWithEscapes()).as("no colour with NO_COLOR").doesNotContain("\033[1m");
        second.send("Up");
        second.awaitLastLine("p2p> quit", PATIENCE);
        second.send("Up");
        second.awaitLastLine("p2p> cancel concert.mp4", PATIENCE);
        second.send("C-u");
        second.type("fil");
        second.awaitLastLine("p2p> fil", PATIENCE);

        tracker.kill();
        second.awaitScreen(screen -> screen.contains("lost the tracker"), PATIENCE);
        assertThat(second.lastLine()).as("the half-typed command, intact below the notice").isEqualTo("p2p> fil");
        second.type("es");
        second.send("Enter");
        second.awaitScreen(screen -> screen.contains("holiday.mp4  ") || screen.contains("1 file,"), PATIENCE);
    }
}
