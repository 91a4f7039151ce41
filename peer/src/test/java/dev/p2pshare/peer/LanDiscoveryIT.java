package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.testkit.JarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jars finding each other over multicast DNS, each test in a network namespace of its
 * own, so that it hears no tracker but its own and announces nothing outside. Skipped, saying
 * why, where no namespace can be made (not Linux, not root).
 */
@Timeout(180)
class LanDiscoveryIT {

    private static final Duration PATIENCE = JarNetwork.PATIENCE;
    private static final Pattern ANNOUNCED = Pattern.compile("^announced on the LAN as ");

    /** The hosting peer's log line, once its tracker's announcement is out. */
    private static final Pattern HOST_ANNOUNCED = Pattern.compile("LanPresence - announced on the LAN as ");
    private static final Pattern TRACKER_ID = Pattern.compile("^tracker id (\\p{XDigit}{8}(-\\p{XDigit}{8}){7})$");

    @TempDir
    Path temp;

    private NetworkNamespace namespace;
    private final List<JarProcess> processes = new ArrayList<>();

    @BeforeEach
    void makeNamespace() throws Exception {
        try {
            namespace = NetworkNamespace.create();
        } catch (IOException e) {
            assumeTrue(false, "no network namespace with multicast here: " + e.getMessage());
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        processes.forEach(JarProcess::close);
        if (namespace != null) {
            namespace.close();
        }
    }

    private JarProcess start(Path jar, String... args) throws IOException {
        JarProcess process = JarProcess.launch(jar).in(temp).through(namespace.launcher()).start(args);
        processes.add(process);
        return process;
    }

    private JarProcess tracker(String state, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--state", temp.resolve(state).toString()));
        args.addAll(List.of(extra));
        return start(JarNetwork.TRACKER_JAR, args.toArray(String[]::new));
    }

    private JarProcess peer(String folder, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(folder, "--name", folder, "--heartbeat", "1"));
        args.addAll(List.of(extra));
        return start(JarNetwork.PEER_JAR, args.toArray(String[]::new));
    }

    /** A tracker.jar that is listening and announced. */
    private record Announced(JarProcess process, int port, NodeId id) {
    }

    private Announced announcedTracker(String state, String port) throws IOException, InterruptedException {
        JarProcess tracker = tracker(state, "--port", port);
        int listening = tracker.awaitListeningPort();
        NodeId id = trackerId(tracker);
        tracker.awaitOutput(ANNOUNCED, JarProcess.STARTUP);
        return new Announced(tracker, listening, id);
    }

    /** Runs a peer on {@code folder} that lists who is online and quits; it must succeed. */
    private JarProcess listPeers(String folder) throws IOException, InterruptedException {
        JarProcess peer = peer(folder);
        peer.script("peers");
        assertThat(peer.exitStatus(PATIENCE)).as(peer.toString()).isZero();
        return peer;
    }

    private static NodeId trackerId(JarProcess tracker) throws InterruptedException {
        Matcher id = TRACKER_ID.matcher(tracker.awaitOutput(TRACKER_ID, JarProcess.STARTUP));
        assertThat(id.find()).isTrue();
        return NodeId.parse(id.group(1));
    }

    @Test
    void aPeerWithoutTrackerFindsAStandaloneTrackerAndTrustsItOnFirstUse() throws Exception {
        Announced tracker = announcedTracker("tracker", "0");
        int port = tracker.port();
        NodeId id = tracker.id();

        long launched = System.nanoTime();
        JarProcess peer = peer("finder");
        peer.awaitListeningPort();
        Duration toListening = Duration.ofNanos(System.nanoTime() - launched);
        long quitting = System.nanoTime();
        peer.script("peers");
        assertThat(peer.exitStatus(PATIENCE)).as(peer.toString()).isZero();
        Duration toExit = Duration.ofNanos(System.nanoTime() - quitting);

        // The 2 s look and a start: looking only once multicast DNS has claimed a host name
        // took 5 s more. Then a request and a quit: waiting for its goodbyes took 2 s more.
        assertThat(toListening).as(peer.toString()).isLessThan(Duration.ofSeconds(5));
        assertThat(toExit).as(peer.toString()).isLessThan(Duration.ofMillis(1500));
        assertThat(peer.out()).contains("through the tracker at 127.0.0.1:" + port).contains("finder (you)");
        assertThat(peer.err()).contains("using the tracker announced on the LAN at 127.0.0.1:" + port + " with id "
                + id.grouped() + " (the only one found: its id is trusted on first use)")
                .contains("trusting the tracker at 127.0.0.1:" + port + " with id " + id.grouped());
    }

    @Test
    void aPeerThatFindsNoneHostsOneAndASecondPeerFindsItAndDownloadsThroughIt() throws Exception {
        Files.createDirectories(temp.resolve("host"));
        Files.writeString(temp.resolve("host/notes.txt"), "found on the LAN\n");
        JarProcess host = peer("host", "--serve");
        host.awaitError(HOST_ANNOUNCED, JarProcess.STARTUP);
        NodeId id = trackerId(host);
        assertThat(host.out()).contains("tracker listening on 0.0.0.0:6969 ");
        assertThat(host.err()).contains("no tracker is announced on the LAN: hosting one in this peer");

        JarProcess fetcher = peer("fetcher");
        fetcher.script("get notes.txt");

        assertThat(fetcher.exitStatus(PATIENCE)).as(fetcher.toString()).isZero();
        assertThat(Files.readString(temp.resolve("fetcher/notes.txt"))).isEqualTo("found on the LAN\n");
        assertThat(fetcher.err()).contains("with id " + id.grouped());
        assertThat(host.stop(PATIENCE)).as(host.toString()).isZero();
        assertThat(host.err()).contains("stopped the tracker this peer hosted;");
    }

    @Test
    void twoPeersStartedAtOnceOnOneMachineEndOnOneTracker() throws Exception {
        JarProcess first = peer("first", "--serve");
        JarProcess second = peer("second", "--serve");
        // Each peer's own line: the one that hosts prints its tracker's `listening on` first.
        first.awaitOutput(Pattern.compile("^peer first listening on "), JarProcess.STARTUP);
        second.awaitOutput(Pattern.compile("^peer second listening on "), JarProcess.STARTUP);

        // Both looked at once and found none; one hosts, and the other uses its tracker, whether it
        // found it listening when it decided or lost the race for the port.
        assertThat(first.out()).as(first.toString()).contains("through the tracker at 127.0.0.1:6969");
        assertThat(second.out()).as(second.toString()).contains("through the tracker at 127.0.0.1:6969");
        JarProcess third = listPeers("third");
        assertThat(third.out()).contains("first").contains("second").contains("third (you)");
        assertThat(first.stop(PATIENCE)).as(first.toString()).isZero();
        assertThat(second.stop(PATIENCE)).as(second.toString()).isZero();
        assertThat(first.err() + second.err()).containsOnlyOnce("stopped the tracker this peer hosted;");
    }

    @Test
    void aRestartedHostedTrackerIsFoundAgainByItsIdWhereverItListens() throws Exception {
        JarProcess host = peer("host", "--serve");
        host.awaitError(HOST_ANNOUNCED, JarProcess.STARTUP);
        NodeId id = trackerId(host);
        listPeers("roamer");
        assertThat(host.stop(PATIENCE)).as(host.toString()).isZero();

        JarProcess again = peer("host", "--serve", "--host-tracker=0");
        again.awaitError(HOST_ANNOUNCED, JarProcess.STARTUP);
        assertThat(trackerId(again)).isEqualTo(id);
        int port = again.awaitListeningPort();
        JarProcess second = listPeers("roamer");

        assertThat(second.out()).contains("host").contains("roamer (you)");
        assertThat(second.err()).contains("with id " + id.grouped() + " (trusted before)");
        assertThat(port).isNotEqualTo(6969);
    }

    @Test
    void anAnnouncedTrackerWithAnotherIdThanTheTrustedOneIsRefusedAsATypedOneIs() throws Exception {
        Announced trusted = announcedTracker("trusted", "0");
        int port = trusted.port();
        NodeId trustedId = trusted.id();
        listPeers("careful");
        assertThat(trusted.process().stop(PATIENCE)).as(trusted.process().toString()).isZero();

        NodeId impostorId = announcedTracker("impostor", String.valueOf(port)).id();
        JarProcess second = peer("careful");
        second.script("peers");

        assertThat(second.exitStatus(PATIENCE)).as(second.toString()).isEqualTo(1);
        assertThat(second.err()).contains("REFUSED: the tracker at 127.0.0.1:" + port + " proved the id "
                + impostorId.grouped() + ", but this peer trusts only " + trustedId.grouped() + " there")
                .contains("Or, once checked, pin the new id: start this peer with --tracker 127.0.0.1:" + port + "#"
                        + impostorId.hex());
    }
}
