package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ids the tracker lists are the ones peers prove on their connections, never chosen. */
@Timeout(60)
class PeerIdentityTest {

    private static final FileEntry SONG = new FileEntry(FileId.of("ab".repeat(32)), "song.flac", 1000);

    private final NodeIdentity trackerIdentity = NodeIdentity.generate("tracker");
    private Tracker tracker;

    @BeforeEach
    void start() throws IOException {
        tracker = TestTrackers.onLoopback(trackerIdentity, AllowList.everyone());
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    @Test
    void peerIsListedUnderTheIdOfItsCertificateAndSeesTheTrackers() throws IOException {
        NodeIdentity alice = NodeIdentity.generate("alice");
        try (TrackerClient client = TrackerClient.connect(tracker.port(), alice)) {
            client.hello();
            Message.Registered registered = client.register("alice", 7001, SONG);

            assertThat(registered.peerId()).isEqualTo(alice.id());
            assertThat(client.request(new Message.ListPeers(), Message.PeerList.class).peers())
                    .extracting(PeerEntry::id).containsExactly(alice.id());
            assertThat(client.trackerId()).isEqualTo(trackerIdentity.id());
        }
    }

    @Test
    void samePeerConnectingAgainReplacesItsOldSessionAndClosesItsConnection() throws IOException {
        NodeIdentity alice = NodeIdentity.generate("alice");
        try (TrackerClient first = TrackerClient.connect(tracker.port(), alice);
                TrackerClient second = TrackerClient.connect(tracker.port(), alice)) {
            first.hello();
            first.register("alice", 7001, SONG);
            second.hello();
            second.register("alice", 7002);

            assertThat(first.receiveUnlessClosed()).as("the old connection is closed").isEmpty();
            assertThat(second.request(new Message.ListPeers(), Message.PeerList.class).peers())
                    .extracting(PeerEntry::id, PeerEntry::port).containsExactly(tuple(
                            alice.id(), 7002));
            assertThat(tracker.fileCount()).as("the old session's files went with it").isZero();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> tracker.peerCount() == 0);
    }
}
