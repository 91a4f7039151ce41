package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.peer.folder.StateDirectory;
import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.peer.net.TrackerLink;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.SearchHit;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.transport.Endpoint;
import dev.p2pshare.tracker.Tracker;
import dev.p2pshare.tracker.TrackerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer given two independent trackers: when the one it uses stops, it registers afresh with the
 * other at once, shared files and all; at start, a dead tracker is passed over.
 */
@Timeout(60)
class TrackerFailoverTest {

    /** How soon a peer whose tracker stopped must be registered with the next. */
    private static final Duration FAILOVER = Duration.ofSeconds(2);

    @TempDir
    Path temp;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    private Tracker startTracker() throws IOException {
        Tracker tracker = Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(30),
                Duration.ofMillis(100), Clock.systemUTC(), NodeIdentity.generate("tracker")));
        running.add(tracker);
        return tracker;
    }

    private Peer startPeer(String name, Endpoint... trackers) throws IOException, PeerException {
        List<TrackerAddress> given = new ArrayList<>();
        for (Endpoint tracker : trackers) {
            given.add(new TrackerAddress(tracker, Optional.empty()));
        }
        Peer peer = Peer.start(new PeerConfig(Files.createDirectories(temp.resolve(name)), given, 0, name,
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30), 0, 0, true), bytes -> { });
        running.add(peer);
        return peer;
    }

    private static Endpoint endpoint(Tracker tracker) {
        return new Endpoint("127.0.0.1", tracker.port());
    }

    private static Endpoint nobodyListening() throws IOException {
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new Endpoint("127.0.0.1", closed.getLocalPort());
        }
    }

    /**
     * Which of {@code count} trackers the peer on the folder {@code name} starts with, as
     * docs/PROTOCOL.md says: its id's first 8 hex digits as a number, modulo the count. Creates
     * the peer's identity for that.
     */
    private int picked(String name, int count) throws IOException {
        NodeId id = NodeIdentity.loadOrCreate(StateDirectory.of(temp.resolve(name)).root(), name).id();
        return (int) (Long.parseLong(id.hex().substring(0, 8), 16) % count);
    }

    private static TrackerLink.Status link(Peer peer) {
        return peer.diagnostics().status().tracker();
    }

    @Test
    void aPeerWhoseTrackerStopsIsRegisteredWithTheOtherWithinTwoSecondsAndFoundThere() throws Exception {
        Tracker first = startTracker();
        Tracker second = startTracker();
        Files.writeString(Files.createDirectories(temp.resolve("alice")).resolve("failover-notes.txt"), "still here\n");
        Tracker used = picked("alice", 2) == 0 ? first : second;
        Tracker other = used == first ? second : first;
        Peer alice = startPeer("alice", endpoint(first), endpoint(second));
        assertThat(link(alice).tracker()).as("the tracker alice's id picks").isEqualTo(endpoint(used));
        assertThat(used.peerCount()).isEqualTo(1);
        assertThat(other.peerCount()).as("registered with one tracker at a time").isZero();
        Peer searcher = startPeer("searcher", endpoint(other));

        running.remove(used);
        used.close();

        await().atMost(FAILOVER).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            assertThat(link(alice).connected()).isTrue();
            assertThat(link(alice).tracker()).isEqualTo(endpoint(other));
        });
        assertThat(other.peerCount()).isEqualTo(2);
        assertThat(searcher.fetching().search("failover").hits()).extracting(SearchHit::name)
                .containsExactly("failover-notes.txt");
        assertThat(alice.fetching().search("failover").hits()).as("alice asks the tracker she moved to")
                .extracting(SearchHit::name).containsExactly("failover-notes.txt");
    }

    @Test
    void aPeerWhoseTrackerIsDeadAtStartRegistersWithTheNext() throws Exception {
        Tracker alive = startTracker();
        Endpoint[] trackers = new Endpoint[2];
        int picked = picked("alice", 2);
        trackers[picked] = nobodyListening();
        trackers[1 - picked] = endpoint(alive);

        Peer alice = startPeer("alice", trackers);

        assertThat(link(alice).connected()).isTrue();
        assertThat(link(alice).tracker()).isEqualTo(endpoint(alive));
        assertThat(alive.peerCount()).isEqualTo(1);
    }

    @Test
    void withNoTrackerAnsweringThePeerDoesNotStartAndSaysWhyForEach() throws Exception {
        Endpoint one = nobodyListening();
        Endpoint two = nobodyListening();

        assertThatThrownBy(() -> startPeer("alice", one, two))
                .isInstanceOfSatisfying(PeerStartException.TrackersUnreachable.class,
                        failure -> assertThat(failure.trackers()).containsExactlyInAnyOrder(one, two))
                .hasMessageStartingWith("cannot register with any of the 2 trackers: ")
                .hasMessageContaining(one + " (").hasMessageContaining(two + " (");
        assertThatThrownBy(() -> startPeer("alice", one, two)).as("the first failure let go of the folder's lock")
                .isInstanceOf(PeerStartException.TrackersUnreachable.class);
    }
}
