package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.p2pshare.protocol.testkit.JarProcess;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The shipped jars as a person runs them: a tracker, a serving peer, and a peer scripted over stdin. */
@Timeout(180)
class PeerJarIT {

    private static final Duration PATIENCE = JarNetwork.PATIENCE;
    private static final Path TRACKER_JAR = JarNetwork.TRACKER_JAR;
    private static final Path PEER_JAR = JarNetwork.PEER_JAR;

    @TempDir
    Path temp;

    private JarNetwork network;
    private int trackerPort;

    private JarProcess start(Path jar, String... args) throws Exception {
        return network.start(jar, args);
    }

    private JarProcess startPeer(String folder, String... extra) throws Exception {
        return network.startPeer(folder, extra);
    }

    private JarProcess script(String folder, String... lines) throws Exception {
        return network.script(folder, lines);
    }

    @BeforeEach
    void startTrackerAndSeeder() throws Exception {
        network = new JarNetwork(temp);
        network.startTracker("--port", "0");
        trackerPort = network.trackerPort();
        Path shared = Files.createDirectories(temp.resolve("shared/videos"));
        byte[] video = new byte[7 * 1024 * 1024 + 99];
        new Random(7).nextBytes(video);
        Files.write(shared.resolve("holiday-2024.mp4"), video);
        Files.writeString(temp.resolve("shared/notes.txt"), "hello\n");
        startPeer("shared", "--serve", "--name", "seeder").awaitListeningPort();
    }

    @AfterEach
    void stopEverything() {
        network.close();
    }

    private static String sha256(Path file) throws Exception {
        return JarNetwork.sha256(file);
    }

    @Test
    void scriptedPeerSearchesAndDownloadsVerifiedFiles() throws Exception {
        JarProcess peer = script("downloads", "search holiday", "get 1", "get notes.txt", "files");
        assertThat(peer.exitStatus(PATIENCE)).as(peer.toString()).isZero();
        assertThat(sha256(temp.resolve("downloads/holiday-2024.mp4")))
                .isEqualTo(sha256(temp.resolve("shared/videos/holiday-2024.mp4")));
        assertThat(temp.resolve("downloads/notes.txt")).hasContent("hello");
        assertThat(peer.out()).contains("1  ", "7.0 MiB", "holiday-2024.mp4")
                .containsPattern("got holiday-2024\\.mp4  7\\.0 MiB  in \\d+\\.\\d s  .+/s  from seeder")
                .containsPattern("got notes\\.txt  6 B  in .+ from seeder");
        assertThat(Files.list(temp.resolve("downloads/.p2pshare/downloads"))).isEmpty();
    }

    @Test
    void jsonPrintsTheStartAndOneLineOfJsonPerCommand() throws Exception {
        JarProcess peer = startPeer("downloads", "--json");
        peer.script("search holiday", "get #1", "get nothing-here");
        assertThat(peer.exitStatus(PATIENCE)).isEqualTo(1);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : peer.out().lines().toList()) {
            lines.add(json.readTree(line));
        }
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).get("event").asText()).isEqualTo("started");
        List<String> startFields = new ArrayList<>();
        lines.get(0).fieldNames().forEachRemaining(startFields::add);
        assertThat(startFields).containsExactly("event", "name", "listening", "files", "bytes", "tracker", "peerId");
        assertThat(lines.get(0).get("listening").asText()).matches(".+:\\d+");
        assertThat(lines.get(1).get("hits").get(0).get("name").asText()).isEqualTo("holiday-2024.mp4");
        assertThat(lines.get(2).get("ok").asBoolean()).isTrue();
        assertThat(lines.get(2).get("sources").get(0).asText()).isEqualTo("seeder");
        assertThat(sha256(temp.resolve("downloads/holiday-2024.mp4")))
                .isEqualTo(sha256(temp.resolve("shared/videos/holiday-2024.mp4")));
        assertThat(lines.get(3).get("ok").asBoolean()).isFalse();
        assertThat(lines.get(3).get("exit").asInt()).isEqualTo(1);
    }

    @Test
    void completionPrintsABashCompletionScript() throws Exception {
        JarProcess completion = start(PEER_JAR, "completion");
        assertThat(completion.exitStatus(PATIENCE)).isZero();
        assertThat(completion.out()).contains("complete -F").contains("--upload-limit").contains("--json");
    }

    @Test
    void failedCommandMakesThePipedPeerExitOne() throws Exception {
        JarProcess peer = script("downloads", "get no-such-file.txt", "peers");
        assertThat(peer.exitStatus(PATIENCE)).as(peer.toString()).isEqualTo(1);
        assertThat(peer.err()).contains("error: no file shared online is named 'no-such-file.txt'");
        assertThat(peer.out()).contains("seeder");
    }

    @Test
    void servingPeerStoppedWithSigtermUnregistersAndExitsZero() throws Exception {
        JarProcess other = startPeer("other", "--serve", "--name", "other");
        other.awaitListeningPort();
        assertThat(script("probe1", "peers").out()).contains("other");

        other.terminate();
        assertThat(other.exitStatus(PATIENCE)).as(other.toString()).isZero();
        assertThat(script("probe2", "peers").out()).doesNotContain("other").contains("seeder");
    }

    @Test
    void killedPeerIsForgottenByTheTracker() throws Exception {
        JarProcess doomed = startPeer("doomed", "--serve", "--name", "doomed");
        doomed.awaitListeningPort();
        doomed.kill();
        doomed.exitStatus(PATIENCE);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(script("probe", "peers").out()).doesNotContain("doomed").contains("seeder"));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void frozenPeerExpiresAfterTheTtlAndRegistersAgainWhenItWakes() throws Exception {
        JarProcess tracker = start(TRACKER_JAR, "--port", "0", "--peer-ttl", "2");
        int port = tracker.awaitListeningPort();
        JarProcess sleeper = start(PEER_JAR, "sleeper", "--tracker", "127.0.0.1:" + port, "--heartbeat", "1",
                "--serve", "--name", "sleeper");
        sleeper.awaitListeningPort();

        // A stopped process keeps its connection open but says nothing: only the ttl can end it.
        sleeper.signal("STOP");
        await().atMost(PATIENCE).until(() -> tracker.err().contains("left: no heartbeat for 2 s"));
        sleeper.signal("CONT");
        await().atMost(PATIENCE).until(() -> tracker.err().split("peer sleeper \\(", -1).length - 1 == 3);
        assertThat(tracker.err()).containsPattern("peer sleeper \\(\\w+\\) joined .*\\n(?s).*left: no heartbeat"
                + ".*peer sleeper \\(\\w+\\) joined");
    }

    @Test
    void peerRegistersAgainWhenTheTrackerComesBack() throws Exception {
        JarProcess tracker = network.processes().get(0);
        tracker.kill();
        tracker.exitStatus(PATIENCE);
        start(TRACKER_JAR, "--port", String.valueOf(trackerPort)).awaitListeningPort();
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(script("probe", "search notes").out()).contains("notes.txt"));
    }

    @Test
    void peerOffTheTrackersAllowListIsRefusedAndToldItsId() throws Exception {
        Path allowed = Files.writeString(temp.resolve("allowed"), "# nobody yet\n");
        JarProcess tracker = start(TRACKER_JAR, "--port", "0", "--allow", allowed.toString());
        int port = tracker.awaitListeningPort();

        JarProcess outsider = start(PEER_JAR, "outsider", "--tracker", "127.0.0.1:" + port);

        assertThat(outsider.exitStatus(PATIENCE)).isEqualTo(1);
        assertThat(outsider.err()).contains("refused this peer").contains("allow list")
                .containsPattern("[0-9a-f]{8}(-[0-9a-f]{8}){7} is not on it");
        assertThat(tracker.out()).contains("serving only the 0 peers listed in " + allowed);
    }

    @Test
    void unreachableTrackerIsAClearFailure() throws Exception {
        JarProcess peer = start(PEER_JAR, "lonely", "--tracker", "127.0.0.1:1");
        assertThat(peer.exitStatus(PATIENCE)).isEqualTo(1);
        assertThat(peer.err()).contains("cannot register with the tracker at 127.0.0.1:1")
                .contains("Is it running?").contains("--tracker HOST:PORT");
    }

    @Test
    void downloaderKilledHalfwayResumesWhereItStoppedAfterARestart() throws Exception {
        int size = 64 * 1024 * 1024;
        byte[] content = new byte[size];
        new Random(11).nextBytes(content);
        Files.write(Files.createDirectories(temp.resolve("slow")).resolve("big.bin"), content);
        startPeer("slow", "--serve", "--name", "slowseed", "--upload-limit", "16").awaitListeningPort();

        JarProcess first = startPeer("leech", "--name", "leech");
        first.script("get big.bin");
        await().atMost(PATIENCE).until(() -> first.err().contains("get big.bin: 50%"));
        first.kill();
        first.exitStatus(PATIENCE);
        assertThat(temp.resolve("leech/big.bin")).doesNotExist();

        JarProcess second = startPeer("leech", "--name", "leech");
        second.script("status", "get big.bin");
        assertThat(second.exitStatus(PATIENCE)).as(second.toString()).isZero();
        assertThat(sha256(temp.resolve("leech/big.bin"))).isEqualTo(sha256(temp.resolve("slow/big.bin")));
        assertThat(second.out()).containsPattern("(running|starting|waiting)\\s+\\d+%\\s+64\\.0 MiB\\s+\\d+  big\\.bin")
                .contains("(resumed: ");
        Matcher done = Pattern.compile("downloaded big.bin \\(67108864 bytes\\) in \\d+ ms: fetched (\\d+) bytes"
                + " \\((\\d+) more discarded\\) from .*, (\\d+) bytes were here from before").matcher(second.err());
        assertThat(done.find()).as(second.err()).isTrue();
        long fetched = Long.parseLong(done.group(1));
        long discarded = Long.parseLong(done.group(2));
        long before = Long.parseLong(done.group(3));
        long chunk = 1024 * 1024;
        // Killed after half was here: what comes after is the other half, give or take the last
        // quarter second of progress, which had not been recorded yet.
        assertThat(before + fetched).isEqualTo(size);
        assertThat(fetched + discarded).isLessThanOrEqualTo(size / 2 + 8 * chunk);
    }

    @Test
    void helpVersionAndUsageErrorsHaveTheirExitCodes() throws Exception {
        JarProcess help = start(PEER_JAR, "--help");
        assertThat(help.exitStatus(PATIENCE)).isZero();
        assertThat(help.out()).contains("Usage: peer.jar", "--tracker=HOST:PORT", "--serve");

        JarProcess version = start(PEER_JAR, "--version");
        assertThat(version.exitStatus(PATIENCE)).isZero();
        assertThat(version.out()).startsWith("p2pshare peer ");

        JarProcess badPort = start(PEER_JAR, "folder", "--port", "many");
        assertThat(badPort.exitStatus(PATIENCE)).isEqualTo(2);
        assertThat(badPort.err()).contains("'many' is not an int");

        JarProcess badTracker = start(PEER_JAR, "folder", "--tracker", "nowhere");
        assertThat(badTracker.exitStatus(PATIENCE)).isEqualTo(2);
        assertThat(badTracker.err()).contains("expected HOST:PORT");

        JarProcess noFolder = start(PEER_JAR);
        assertThat(noFolder.exitStatus(PATIENCE)).isEqualTo(2);
        assertThat(noFolder.err()).contains("Missing required parameter: 'FOLDER'");
    }

    @Test
    void folderThatCannotBeCreatedIsAFailureNotAUsageError() throws Exception {
        Files.writeString(temp.resolve("plain-file"), "not a folder");
        JarProcess peer = start(PEER_JAR, "plain-file/inside", "--tracker", "127.0.0.1:" + trackerPort);
        assertThat(peer.exitStatus(PATIENCE)).isEqualTo(1);
        assertThat(peer.err()).contains("cannot create the folder plain-file/inside");
    }

    @Test
    void sharedFileCanBeFetchedByAnotherPeerAfterShareReturns() throws Exception {
        Path outside = Files.write(temp.resolve("report.pdf"), "quarterly".getBytes(StandardCharsets.UTF_8));
        JarProcess sharer = startPeer("sharer", "--name", "sharer");
        sharer.awaitListeningPort();
        // The sharer keeps serving while its stdin is open; the script only closes it at the end.
        JarProcess fetcher;
        try (PrintStream in = new PrintStream(sharer.stdin(), true, StandardCharsets.UTF_8)) {
            in.println("share " + outside);
            await().atMost(PATIENCE).until(() -> sharer.out().contains("shared report.pdf"));
            fetcher = script("fetcher", "get report.pdf");
        }
        assertThat(fetcher.exitStatus(PATIENCE)).as(fetcher.toString()).isZero();
        assertThat(temp.resolve("fetcher/report.pdf")).hasContent("quarterly");
        assertThat(sharer.exitStatus(PATIENCE)).isZero();
    }

    @Test
    void namesFromTheDiskThatCouldTakeOverATerminalAreShownEscaped() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("odd"));
        Files.writeString(folder.resolve("red\u001b[31malert.txt"), "x");
        Files.writeString(folder.resolve("two\nlines.txt"), "y");
        Path sub = Files.createDirectories(folder.resolve("sub\u001b]0;owned\u0007dir"));
        Files.writeString(sub.resolve("inside.txt"), "z");

        JarProcess peer = script("odd", "files", "share " + folder.resolve("nothing\u001b[2J.txt"));

        String everything = peer.out() + "\n" + peer.err();
        assertThat(everything).doesNotContain("\u001b").doesNotContain("\u0007");
        assertThat(peer.err()).contains("not sharing " + folder.toRealPath() + "/red\\e[31malert.txt: a file name"
                + " cannot contain the control character U+001B")
                .contains("/two\\nlines.txt: a file name cannot contain the control character U+000A")
                .contains("error: ").contains("nothing\\e[2J.txt");
        assertThat(peer.out()).contains("inside.txt  (sub\\e]0;owned\\u0007dir/inside.txt)");
        assertThat(peer.err().lines()).as("log lines").allMatch(line -> !line.startsWith("lines.txt"));
    }
}
