package dev.p2pshare.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.tls.NodeIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A private network: the tracker serves only the peers listed in its allow file. */
@Timeout(60)
class AllowListTest {

    @TempDir
    Path temp;

    private final NodeIdentity alice = NodeIdentity.generate("alice");
    private final NodeIdentity mallory = NodeIdentity.generate("mallory");
    /** The clock the allow list looks at its file by, moved by {@link #write}. */
    private final AtomicLong nanoTime = new AtomicLong();
    private Path file;
    private Tracker tracker;

    @BeforeEach
    void start() throws IOException {
        file = temp.resolve("allowed-peers");
        write("# our office\n" + alice.id().grouped() + " alice's laptop\n\n");
        tracker = TestTrackers.onLoopback(NodeIdentity.generate("tracker"), AllowList.fromFile(file, nanoTime::get));
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    @Test
    void listedPeerIsServedAndAnyoneElseIsToldWhyAndDisconnected() throws IOException {
        try (TrackerClient listed = TrackerClient.connect(tracker.port(), alice);
                TrackerClient stranger = TrackerClient.connect(tracker.port(), mallory)) {
            listed.hello();
            assertThat(listed.register("alice", 7001).peerId()).isEqualTo(alice.id());

            assertNotAllowed(stranger.request(new Message.Hello(Message.VERSION, "mallory")), mallory.id());
            assertThat(stranger.receiveUnlessClosed()).isEmpty();

            assertThat(listed.request(new Message.ListPeers(), Message.PeerList.class).peers()).hasSize(1);
        }
    }

    @Test
    void membersCanAskWhetherANodeIsOnTheListSoThatPeersServeOnlyMembers() throws IOException {
        try (TrackerClient listed = TrackerClient.connect(tracker.port(), alice)) {
            listed.hello();

            assertThat(listed.request(new Message.CheckPeer(alice.id()), Message.PeerCheck.class))
                    .isEqualTo(new Message.PeerCheck(alice.id(), true, true));
            assertThat(listed.request(new Message.CheckPeer(mallory.id()), Message.PeerCheck.class))
                    .isEqualTo(new Message.PeerCheck(mallory.id(), false, true));
        }
    }

    @Test
    void onAnOpenNetworkEveryNodeIsAllowed() throws IOException {
        try (Tracker open = TestTrackers.onLoopback();
                TrackerClient anyone = TrackerClient.connect(open.port(), mallory)) {
            anyone.hello();

            assertThat(anyone.request(new Message.CheckPeer(alice.id()), Message.PeerCheck.class))
                    .isEqualTo(new Message.PeerCheck(alice.id(), true, false));
        }
    }

    @Test
    void changesToTheFileTakeEffectWithoutARestart() throws IOException {
        try (TrackerClient first = TrackerClient.connect(tracker.port(), alice)) {
            first.hello();
            first.register("alice", 7001);

            write(mallory.id().hex() + "\n");

            assertNotAllowed(first.request(new Message.Heartbeat()), alice.id());
            assertThat(first.receiveUnlessClosed()).as("alice is cut off").isEmpty();
        }
        try (TrackerClient now = TrackerClient.connect(tracker.port(), mallory)) {
            assertThat(now.hello().version()).isEqualTo(Message.VERSION);
        }
        assertThat(tracker.peerCount()).isZero();
    }

    @Test
    void theFileIsLookedAtAtMostOnceASecondNotOnEveryRequest() throws IOException {
        AllowList list = AllowList.fromFile(file, nanoTime::get);
        Files.writeString(file, mallory.id().hex() + "\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2_000));

        nanoTime.addAndGet(AllowList.CHECK_EVERY.toNanos() - 1);
        assertThat(list.allows(alice.id())).as("within the second, the list read at start").isTrue();
        assertThat(list.allows(mallory.id())).isFalse();

        nanoTime.incrementAndGet();
        assertThat(list.allows(alice.id())).as("a second on, the file as it is now").isFalse();
        assertThat(list.allows(mallory.id())).isTrue();
    }

    @Test
    void brokenEditLeavesThePreviousListInForce() throws IOException {
        write("not an id\n");

        try (TrackerClient listed = TrackerClient.connect(tracker.port(), alice);
                TrackerClient stranger = TrackerClient.connect(tracker.port(), mallory)) {
            assertThat(listed.hello().version()).isEqualTo(Message.VERSION);
            assertNotAllowed(stranger.request(new Message.Hello(Message.VERSION, "mallory")), mallory.id());
        }
    }

    @Test
    void fileThatIsNotAListIsRefusedAtStartSayingWhichLine() throws IOException {
        Path broken = Files.writeString(temp.resolve("broken"), alice.id().hex() + "\nbob\n");

        assertThatThrownBy(() -> AllowList.fromFile(broken)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 2").hasMessageContaining("peer id");
        assertThatThrownBy(() -> AllowList.fromFile(temp.resolve("missing"))).isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
        assertThat(AllowList.everyone().allows(mallory.id())).isTrue();
    }

    private static void assertNotAllowed(Message answer, NodeId id) {
        assertThat(answer).isInstanceOfSatisfying(Message.ErrorReply.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.NOT_ALLOWED);
            assertThat(error.detail()).contains(id.grouped()).contains("allow list");
        });
    }

    /**
     * Writes the allow file so that it is seen as changed, however coarse the file system's clock, and
     * lets the second pass after which the tracker looks at it again.
     */
    private void write(String content) throws IOException {
        Optional<FileTime> before = Files.exists(file) ? Optional.of(Files.getLastModifiedTime(file)) : Optional.empty();
        Files.writeString(file, content);
        if (before.isPresent()) {
            Files.setLastModifiedTime(file, FileTime.fromMillis(before.get().toMillis() + 2_000));
        }
        nanoTime.addAndGet(AllowList.CHECK_EVERY.toNanos());
    }
}
