package dev.p2pshare.peer.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.peer.folder.FileStamp;
import dev.p2pshare.peer.folder.SharedFile;
import dev.p2pshare.peer.folder.SharedFiles;
import dev.p2pshare.protocol.Limits;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.protocol.transport.Transport;
import dev.p2pshare.tracker.Tracker;
import dev.p2pshare.tracker.TrackerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first registration among several trackers: from the one the peer's id picks, on to the next
 * that answers; a failure only when none does, naming each.
 */
@Timeout(60)
class TrackerLinkStartTest {

    /** Ids that pick the first and the second of two trackers. */
    private static final NodeId PICKS_FIRST = NodeId.of("00000002" + "0".repeat(56));
    private static final NodeId PICKS_SECOND = NodeId.of("00000003" + "0".repeat(56));

    @TempDir
    Path state;

    private final NodeIdentity identity = NodeIdentity.generate("peer");
    private Tracker live;
    private TrackerLink link;

    @BeforeEach
    void startLiveTracker() throws IOException {
        live = startTracker();
    }

    private static Tracker startTracker() throws IOException {
        return Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Clock.systemUTC(), NodeIdentity.generate("tracker")));
    }

    @AfterEach
    void stop() {
        if (link != null) {
            link.close();
        }
        live.close();
    }

    private static Endpoint nobodyListening() throws IOException {
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new Endpoint("127.0.0.1", closed.getLocalPort());
        }
    }

    private TrackerLink link(NodeId self, Endpoint... trackers) throws IOException {
        link = new TrackerLink(Transport.tls(new TlsLayer(identity)), TrackerTrust.load(state, List.of()),
                new TrackerLink.Settings(List.of(trackers), self, "alice", 7001, Duration.ofSeconds(10),
                        Duration.ofSeconds(5), true),
                new SharedFiles(), List::of, notice -> { }, new PeerAdmission(System::nanoTime));
        return link;
    }

    @Test
    void filesBeyondTheFirstMessageFollowTheRegistrationAndAllAreListed() throws IOException {
        SharedFiles many = new SharedFiles();
        int count = 2 * Limits.MAX_FILES_PER_MESSAGE + 500;
        for (int i = 0; i < count; i++) {
            byte[] hash = new byte[Manifest.HASH_BYTES];
            ByteBuffer.wrap(hash).putInt(i);
            String name = "file-" + i + ".bin";
            many.add(new SharedFile(Manifest.of(1, hash), name, state.resolve(name), name,
                    new FileStamp(1, 0, 0, i, 1)));
        }
        link = new TrackerLink(Transport.tls(new TlsLayer(identity)), TrackerTrust.load(state, List.of()),
                new TrackerLink.Settings(List.of(new Endpoint("127.0.0.1", live.port())), PICKS_FIRST, "alice", 7001,
                        Duration.ofSeconds(10), Duration.ofSeconds(5), true),
                many, List::of, notice -> { }, new PeerAdmission(System::nanoTime));

        link.start();

        assertThat(live.fileCount()).as("listed with the registration").isGreaterThanOrEqualTo(
                Limits.MAX_FILES_PER_MESSAGE);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(live::fileCount, files -> files == count);
        assertThat(link.search("file-2499.bin", 10).hits()).hasSize(1);
        assertThat(link.search("file-0.bin", 10).hits()).hasSize(1);
    }

    @Test
    void withThePickedTrackerDownThePeerRegistersWithTheNext() throws IOException {
        Endpoint dead = nobodyListening();
        Endpoint alive = new Endpoint("127.0.0.1", live.port());

        link(PICKS_FIRST, dead, alive).start();

        assertThat(link.status().connected()).isTrue();
        assertThat(link.status().tracker()).isEqualTo(alive);
        assertThat(live.peerCount()).isEqualTo(1);
    }

    @Test
    void thePickedTrackerIsTheOneRegisteredWith() throws IOException {
        try (Tracker other = startTracker()) {
            Endpoint first = new Endpoint("127.0.0.1", other.port());
            Endpoint second = new Endpoint("127.0.0.1", live.port());

            link(PICKS_SECOND, first, second).start();

            assertThat(link.status().tracker()).isEqualTo(second);
            assertThat(live.peerCount()).isEqualTo(1);
            assertThat(other.peerCount()).isZero();
        }
    }

    @Test
    void withEveryTrackerDownTheFailureNamesEachInTheOrderTried() throws IOException {
        Endpoint first = nobodyListening();
        Endpoint second = nobodyListening();
        TrackerLink doomed = link(PICKS_SECOND, first, second);

        assertThatThrownBy(doomed::start).isInstanceOfSatisfying(TrackersUnreachableException.class,
                failure -> assertThat(failure.trackers()).containsExactly(second, first))
                .hasMessageStartingWith("cannot register with any of the 2 trackers: " + second + " (")
                .hasMessageContaining("; " + first + " (");
        assertThat(doomed.status().connected()).isFalse();
    }

    @Test
    void withTheOnlyTrackerDownTheFailureIsItsOwn() throws IOException {
        Endpoint dead = nobodyListening();

        assertThatThrownBy(link(PICKS_SECOND, dead)::start).isInstanceOf(IOException.class)
                .isNotInstanceOf(TrackersUnreachableException.class);
    }
}
