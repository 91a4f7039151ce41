package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.PeerEntry;
import dev.p2pshare.protocol.SourceEntry;
import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer can speak only for itself: whatever name, port or files it claims, the tracker lists
 * them under the id its connection proved and the address it connected from, and nothing it
 * sends touches another peer's listing.
 */
@Timeout(60)
class SpoofingTest {

    private static final FileEntry REPORT = new FileEntry(FileId.of("ab".repeat(32)), "report.pdf", 4096);
    private static final FileEntry MALWARE = new FileEntry(FileId.of("cd".repeat(32)), "report-final.pdf", 666);

    private Tracker tracker;

    @BeforeEach
    void start() throws IOException {
        tracker = TestTrackers.onLoopback();
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    @Test
    void peerClaimingAnothersNameAndPortIsListedAsItselfAndCannotTouchTheOthersFiles() throws IOException {
        NodeIdentity alice = NodeIdentity.generate("alice");
        NodeIdentity mallory = NodeIdentity.generate("mallory");
        try (TrackerClient honest = TrackerClient.connect(tracker.port(), alice);
                TrackerClient spoofer = TrackerClient.connect(tracker.port(), mallory)) {
            honest.hello();
            honest.register("alice", 7001, REPORT);
            spoofer.hello();
            Message.Registered registered = spoofer.register("alice", 7001, MALWARE);

            assertThat(registered.peerId()).isEqualTo(mallory.id());
            // Removing alice's file and announcing over her listing touch only mallory's own.
            assertThat(spoofer.request(new Message.Announce(List.of(), List.of(REPORT.id())))).isEqualTo(new Message.Ok());
            assertThat(spoofer.request(new Message.Unregister())).isEqualTo(new Message.Ok());

            List<PeerEntry> peers = honest.request(new Message.ListPeers(), Message.PeerList.class).peers();
            assertThat(peers).extracting(PeerEntry::id, PeerEntry::name, PeerEntry::files)
                    .containsExactly(tuple(alice.id(), "alice", 1));
            assertThat(honest.request(new Message.Locate(REPORT.id().hex()), Message.LocateResult.class).sources())
                    .extracting(SourceEntry::peer).extracting(PeerEntry::id).containsExactly(alice.id());
        }
    }
}
