package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Release;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.protocol.testkit.JarProcess;
import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, run as {@code java -jar tracker.jar} in its own process. */
@Timeout(180)
class TrackerJarIT {

    /** How long a process may take to start or stop: JVMs start slowly on a busy machine. */
    private static final Duration PROCESS_WAIT = Duration.ofSeconds(60);

    private static final FileEntry HOLIDAY = new FileEntry(FileId.of("c".repeat(64)), "Holiday 2024.zip", 1_234);

    @TempDir
    Path output;

    private final List<JarProcess> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(JarProcess::close);
    }

    @Test
    void servesPeersOnThePortItAnnouncesAndStopsOnSigterm() throws Exception {
        JarProcess tracker = start("--port", "0");
        int port = tracker.awaitListening(PROCESS_WAIT).port();

        try (TrackerClient peer = TrackerClient.connect(port)) {
            peer.hello();
            Message.Registered registered = peer.register("alice", 7001, HOLIDAY);
            assertThat(peer.request(new Message.Search("holiday", 10))).isEqualTo(new Message.SearchResult(
                    List.of(new SearchHit(HOLIDAY.id(), HOLIDAY.name(), HOLIDAY.size(), 1, 0)), false));
            String joined = "peer alice (" + registered.peerId().shortHex() + ") joined from 127.0.0.1:7001 with 1 file";
            // Standard error is read on a thread of its own: the log line may arrive after the answer.
            tracker.awaitError(Pattern.compile(Pattern.quote(joined)), PROCESS_WAIT);
            assertThat(tracker.err()).contains(joined);
        }

        assertThat(tracker.stop(PROCESS_WAIT)).as("a tracker stopped by SIGTERM reports success").isZero();
    }

    @Test
    void keepsItsIdentityOwnerOnlyAcrossRestartsAndPrintsItsId() throws Exception {
        JarProcess first = start("--port", "0");
        int port = first.awaitListening(PROCESS_WAIT).port();
        NodeId id;
        try (TrackerClient peer = TrackerClient.connect(port)) {
            id = peer.trackerId();
        }
        // Printed after the listening line, and read on a thread of its own.
        first.awaitOutput(Pattern.compile("^peers can pin it: "), PROCESS_WAIT);
        assertThat(first.out()).contains("tracker id " + id.grouped())
                .contains("peers can pin it: --tracker HOST:" + port + "#" + id.hex());
        Path identity = output.resolve("state").resolve(NodeIdentity.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identity))).isEqualTo("rw-------");
        assertThat(first.out() + first.err()).as("the key is never printed").doesNotContain("PRIVATE KEY");
        first.stop(PROCESS_WAIT);

        JarProcess second = start("--port", "0");
        int secondPort = second.awaitListening(PROCESS_WAIT).port();
        try (TrackerClient peer = TrackerClient.connect(secondPort)) {
            assertThat(peer.trackerId()).as("the same identity after a restart").isEqualTo(id);
        }
    }

    @Test
    void servesMetricsOnLoopbackWhenAsked() throws Exception {
        JarProcess tracker = start("--port", "0", "--metrics-port", "0");
        int port = tracker.awaitListening(PROCESS_WAIT).port();
        try (TrackerClient peer = TrackerClient.connect(port)) {
            peer.hello();
            peer.register("alice", 7001, HOLIDAY);
            Matcher url = Pattern.compile("metrics on (http://127\\.0\\.0\\.1:\\d+)/metrics and /status")
                    .matcher(tracker.out());
            assertThat(url.find()).as("the metrics line in: %s", tracker.out()).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            String status = http.send(HttpRequest.newBuilder(URI.create(url.group(1) + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(status).contains("\"peers\":1").contains("\"files\":1").contains("\"sessions\":1");
            String metrics = http.send(HttpRequest.newBuilder(URI.create(url.group(1) + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("p2pshare_tracker_peers 1.0")
                    .contains("p2pshare_tracker_requests_total{outcome=\"answered\",type=\"register\"} 1.0");
        }
    }

    @Test
    void metricsPortOutOfRangeIsAUsageError() throws Exception {
        JarProcess tracker = start("--port", "0", "--metrics-port", "70000");
        int exitCode = tracker.exitStatus(PROCESS_WAIT);

        assertThat(exitCode).isEqualTo(2);
        assertThat(tracker.err()).contains("--metrics-port must be 0 to 65535, not 70000");
    }

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        JarProcess tracker = start("--help");
        int exitCode = tracker.exitStatus(PROCESS_WAIT);

        assertThat(exitCode).isZero();
        assertThat(tracker.out()).contains("Usage: tracker.jar").contains("--port=N");
    }

    @Test
    void versionPrintsTheReleaseAndProtocolVersion() throws Exception {
        JarProcess tracker = start("--version");
        int exitCode = tracker.exitStatus(PROCESS_WAIT);

        assertThat(exitCode).isZero();
        assertThat(tracker.out()).startsWith("p2pshare tracker " + Release.version() + ", protocol version 1");
    }

    @Test
    void portThatIsNotANumberIsAUsageError() throws Exception {
        JarProcess tracker = start("--port", "nope");
        int exitCode = tracker.exitStatus(PROCESS_WAIT);

        assertThat(exitCode).isEqualTo(2);
        assertThat(tracker.err()).contains("Invalid value for option '--port': 'nope' is not an int");
    }

    @Test
    void portAlreadyInUseFailsWithAMessageNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            JarProcess tracker = start("--port", String.valueOf(taken.getLocalPort()));
            int exitCode = tracker.exitStatus(PROCESS_WAIT);

            assertThat(exitCode).isEqualTo(1);
            assertThat(tracker.err()).contains("cannot listen on 0.0.0.0:" + taken.getLocalPort());
            assertThat(tracker.err()).as("stderr, without --verbose").doesNotContain("\tat ");
            assertThat(tracker.err()).contains("Is another tracker running?");
        }
    }

    @Test
    void addressThatIsNotThisMachinesIsNamedAsTheProblem() throws Exception {
        // 192.0.2.0/24 is reserved for documentation: no machine has an address in it.
        JarProcess tracker = start("--port", "0", "--bind", "192.0.2.7");
        int exitCode = tracker.exitStatus(PROCESS_WAIT);

        assertThat(exitCode).isEqualTo(1);
        assertThat(tracker.err()).contains("cannot listen on 192.0.2.7:0").contains("Choose one with --bind.");
    }

    @Test
    void aPasswordInTheClusterAddressIsRefusedAsAUsageError() throws Exception {
        JarProcess tracker = start("--port", "0", "--cluster", "redis://:hunter2@127.0.0.1:6380");
        int exitCode = tracker.exitStatus(PROCESS_WAIT);

        assertThat(exitCode).isEqualTo(2);
        assertThat(tracker.err()).contains("--cluster-secret");
    }

    @Test
    void aClusterStoreNobodyListensOnFailsNamingIt() throws Exception {
        int nobody;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = probe.getLocalPort();
        }
        JarProcess tracker = start("--port", "0", "--cluster", "redis://127.0.0.1:" + nobody);
        int exitCode = tracker.exitStatus(PROCESS_WAIT);

        assertThat(exitCode).isEqualTo(1);
        assertThat(tracker.err()).contains("cannot reach the cluster's store at redis://127.0.0.1:" + nobody)
                .doesNotContain("\tat ");
    }

    /** Starts the tracker jar in the test's folder, keeping its state there. */
    private JarProcess start(String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of(options));
        // The test's traffic stays on this machine: no announcement on the LAN.
        args.addAll(List.of("--state", output.resolve("state").toString(), "--no-announce"));
        JarProcess process = JarProcess.start(JarProcess.jar("p2pshare.tracker.jar"), output, args.toArray(String[]::new));
        started.add(process);
        return process;
    }
}
