package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.p2pshare.peer.Peer;
import dev.p2pshare.peer.PeerConfig;
import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.tracker.Tracker;
import dev.p2pshare.tracker.TrackerConfig;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shell's {@code limit}: what it shows, what it changes in the running peer, and what it refuses. */
@Timeout(60)
class LimitCommandTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path temp;

    private Tracker tracker;
    private Peer peer;

    /** What a script printed and how it ended. */
    private record Run(int status, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        tracker = Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate("tracker")));
        peer = Peer.start(new PeerConfig(Files.createDirectories(temp.resolve("alice")),
                List.of(new TrackerAddress(new Endpoint("127.0.0.1", tracker.port()), Optional.empty())),
                0, "alice", Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(30), 3 * MIB, 0, true),
                bytes -> { });
    }

    @AfterEach
    void stop() {
        peer.close();
        tracker.close();
    }

    private Run script(String... lines) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        byte[] input = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        int status = new Shell(peer, false).runPiped(new ByteArrayInputStream(input), new PrintWriter(out),
                new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void limitAloneShowsBothLimitsAsStarted() throws Exception {
        Run run = script("limit");
        assertThat(run.status()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("upload limit    3.0 MiB/s\ndownload limit  none\n");
    }

    @Test
    void upAndDownChangeTheRunningPeersLimitsInMibPerSecond() throws Exception {
        Run run = script("limit down 0.5", "limit up 12.25");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("upload limit    3.0 MiB/s\ndownload limit  512.0 KiB/s\n"
                + "upload limit    12.3 MiB/s\ndownload limit  512.0 KiB/s\n");
        assertThat(peer.rateLimits().upload()).isEqualTo(12 * MIB + MIB / 4);
        assertThat(peer.rateLimits().download()).isEqualTo(MIB / 2);

        assertThat(script("limit up 0").out()).startsWith("upload limit    none\n");
        assertThat(peer.rateLimits().upload()).isZero();
    }

    @Test
    void aBadLimitIsAUsageErrorAndChangesNothing() throws Exception {
        Run run = script("limit sideways 2", "limit up", "limit down -1", "limit down lots", "limit up 0.0000001");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("error: 'limit' changes 'up' or 'down', not 'sideways'")
                .contains("error: 'limit up' needs the new limit in MiB per second, 0 for none")
                .contains("a limit is 0 or more MiB per second (0 for none), not -1")
                .contains("'lots'")
                .contains("1.0E-7 MiB per second is under a byte per second; 0 means no limit")
                .contains("usage: limit [up|down] [MIB]");
        assertThat(peer.rateLimits().upload()).isEqualTo(3 * MIB);
        assertThat(peer.rateLimits().download()).isZero();
    }

    @Test
    void withJsonTheLineCarriesBothLimitsInBytesPerSecond() throws Exception {
        StringWriter out = new StringWriter();
        byte[] input = "limit down 1.5\n".getBytes(StandardCharsets.UTF_8);
        int status = new Shell(peer, false).runPipedJson(new ByteArrayInputStream(input), new PrintWriter(out));

        assertThat(status).isZero();
        JsonNode line = new ObjectMapper().readTree(out.toString());
        assertThat(line.get("command").asText()).isEqualTo("limit");
        assertThat(line.get("ok").asBoolean()).isTrue();
        assertThat(line.get("uploadLimit").asLong()).isEqualTo(3 * MIB);
        assertThat(line.get("downloadLimit").asLong()).isEqualTo(3 * MIB / 2);
    }
}
