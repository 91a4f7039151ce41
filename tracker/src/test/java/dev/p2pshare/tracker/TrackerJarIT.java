package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.Release;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.transport.Endpoint;
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
import java.util.concurrent.TimeUnit;
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

    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)");

    private static final FileEntry HOLIDAY = new FileEntry(FileId.of("c".repeat(64)), "Holiday 2024.zip", 1_234);

    @TempDir
    Path output;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(PROCESS_WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void servesPeersOnThePortItAnnouncesAndStopsOnSigterm() throws Exception {
        Process tracker = start("--port", "0");
        int port = awaitListeningPort(tracker);

        try (TrackerClient peer = TrackerClient.connect(port)) {
            peer.hello();
            Message.Registered registered = peer.register("alice", 7001, HOLIDAY);
            assertThat(peer.request(new Message.Search("holiday", 10))).isEqualTo(new Message.SearchResult(
                    List.of(new SearchHit(HOLIDAY.id(), HOLIDAY.name(), HOLIDAY.size(), 1, 0)), false));
            assertThat(stderr()).contains("peer alice (" + registered.peerId().shortHex()
                    + ") joined from 127.0.0.1:7001 with 1 file");
        }

        tracker.destroy();
        assertThat(tracker.waitFor(PROCESS_WAIT.toSeconds(), TimeUnit.SECONDS)).as("the tracker stops").isTrue();
        assertThat(tracker.exitValue()).as("a tracker stopped by SIGTERM reports success").isZero();
    }

    @Test
    void keepsItsIdentityOwnerOnlyAcrossRestartsAndPrintsItsId() throws Exception {
        Process first = start("--port", "0");
        int port = awaitListeningPort(first);
        NodeId id;
        try (TrackerClient peer = TrackerClient.connect(port)) {
            id = peer.trackerId();
        }
        assertThat(stdout()).contains("tracker id " + id.grouped())
                .contains("peers can pin it: --tracker HOST:" + port + "#" + id.hex());
        Path identity = output.resolve("state").resolve(NodeIdentity.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identity))).isEqualTo("rw-------");
        assertThat(stdout() + stderr()).as("the key is never printed").doesNotContain("PRIVATE KEY");
        first.destroy();
        assertThat(first.waitFor(PROCESS_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Process second = start("--port", "0");
        int secondPort = awaitListeningPort(second);
        try (TrackerClient peer = TrackerClient.connect(secondPort)) {
            assertThat(peer.trackerId()).as("the same identity after a restart").isEqualTo(id);
        }
    }

    @Test
    void servesMetricsOnLoopbackWhenAsked() throws Exception {
        Process tracker = start("--port", "0", "--metrics-port", "0");
        int port = awaitListeningPort(tracker);
        try (TrackerClient peer = TrackerClient.connect(port)) {
            peer.hello();
            peer.register("alice", 7001, HOLIDAY);
            Matcher url = Pattern.compile("metrics on (http://127\\.0\\.0\\.1:\\d+)/metrics and /status")
                    .matcher(stdout());
            assertThat(url.find()).as("the metrics line in: %s", stdout()).isTrue();
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
        int exitCode = exitCode(start("--port", "0", "--metrics-port", "70000"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr()).contains("--metrics-port must be 0 to 65535, not 70000");
    }

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        int exitCode = exitCode(start("--help"));

        assertThat(exitCode).isZero();
        assertThat(stdout()).contains("Usage: tracker.jar").contains("--port=N");
    }

    @Test
    void versionPrintsTheReleaseAndProtocolVersion() throws Exception {
        int exitCode = exitCode(start("--version"));

        assertThat(exitCode).isZero();
        assertThat(stdout()).startsWith("p2pshare tracker " + Release.version() + ", protocol version 1");
    }

    @Test
    void portThatIsNotANumberIsAUsageError() throws Exception {
        int exitCode = exitCode(start("--port", "nope"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr()).contains("Invalid value for option '--port': 'nope' is not an int");
    }

    @Test
    void portAlreadyInUseFailsWithAMessageNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            int exitCode = exitCode(start("--port", String.valueOf(taken.getLocalPort())));

            assertThat(exitCode).isEqualTo(1);
            assertThat(stderr()).contains("cannot listen on 0.0.0.0:" + taken.getLocalPort());
            assertThat(stderr()).as("stderr, without --verbose").doesNotContain("\tat ");
            assertThat(stderr()).contains("Is another tracker running?");
        }
    }

    @Test
    void addressThatIsNotThisMachinesIsNamedAsTheProblem() throws Exception {
        // 192.0.2.0/24 is reserved for documentation: no machine has an address in it.
        int exitCode = exitCode(start("--port", "0", "--bind", "192.0.2.7"));

        assertThat(exitCode).isEqualTo(1);
        assertThat(stderr()).contains("cannot listen on 192.0.2.7:0").contains("Choose one with --bind.");
    }

    private Process start(String... options) throws IOException {
        String jar = System.getProperty("p2pshare.tracker.jar");
        assertThat(jar).as("system property p2pshare.tracker.jar").isNotNull();
        assertThat(Path.of(jar)).isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(options));
        command.addAll(List.of("--state", output.resolve("state").toString()));
        Process process = new ProcessBuilder(command)
                .redirectOutput(output.resolve("stdout.txt").toFile())
                .redirectError(output.resolve("stderr.txt").toFile())
                .start();
        started.add(process);
        return process;
    }

    /** Waits for the line that says where the tracker listens, and returns the port. */
    private int awaitListeningPort(Process tracker) throws IOException {
        await().atMost(PROCESS_WAIT).until(() -> stdout().contains("listening on") || !tracker.isAlive());
        Matcher matcher = LISTENING.matcher(stdout());
        assertThat(matcher.find()).as("a 'listening on' line; stderr: %s", stderr()).isTrue();
        return Endpoint.parse(matcher.group(1)).port();
    }

    private static int exitCode(Process process) throws InterruptedException {
        assertThat(process.waitFor(PROCESS_WAIT.toSeconds(), TimeUnit.SECONDS)).as("the process exits").isTrue();
        return process.exitValue();
    }

    private String stdout() throws IOException {
        return Files.readString(output.resolve("stdout.txt"));
    }

    private String stderr() throws IOException {
        return Files.readString(output.resolve("stderr.txt"));
    }
}
