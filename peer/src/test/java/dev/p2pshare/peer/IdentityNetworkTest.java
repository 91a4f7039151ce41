package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.peer.folder.FileHasher;
import dev.p2pshare.peer.net.ChunkServer;
import dev.p2pshare.peer.net.RateLimit;
import dev.p2pshare.peer.net.ServedFile;
import dev.p2pshare.peer.net.TrackerAddress;
import dev.p2pshare.peer.net.TrackerTrust;
import dev.p2pshare.peer.transfer.Cancellation;
import dev.p2pshare.peer.transfer.DownloadException;
import dev.p2pshare.peer.transfer.DownloadListener;
import dev.p2pshare.peer.transfer.DownloadResult;
import dev.p2pshare.protocol.FileEntry;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.NodeId;
import dev.p2pshare.protocol.tls.NodeIdentity;
import dev.p2pshare.protocol.tls.TlsLayer;
import dev.p2pshare.protocol.transport.Transport;
import dev.p2pshare.tracker.Tracker;
import dev.p2pshare.tracker.TrackerConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Peers and trackers are who their certificates say, and a peer notices when one is not. */
@Timeout(120)
class IdentityNetworkTest {

    @TempDir
    Path temp;

    private TestNetwork network;

    @BeforeEach
    void startNetwork() throws Exception {
        network = new TestNetwork(temp.resolve("network"));
    }

    @AfterEach
    void stopNetwork() throws Exception {
        network.close();
    }

    @Test
    void sourceWhoseAddressAnswersWithAnotherIdIsNotUsed() throws Exception {
        byte[] content = new byte[3 * Manifest.CHUNK_SIZE + 5];
        new Random(7).nextBytes(content);
        Path file = Files.write(Files.createDirectories(temp.resolve("impostor")).resolve("plans.pdf"), content);
        Manifest manifest = new FileHasher().hash(file, bytes -> { });
        // A node that has the file, at the address the tracker lists for mallory, but is not mallory.
        try (ChunkServer impostor = ChunkServer.start(Transport.tls(new TlsLayer(NodeIdentity.generate("impostor"))),
                InetAddress.getLoopbackAddress(), 0,
                id -> id.equals(manifest.id()) ? Optional.of(ServedFile.whole(manifest, file, () -> true)) : Optional.empty(),
                RateLimit.unlimited())) {
            network.registerGhost("mallory", impostor.port(),
                    List.of(new FileEntry(manifest.id(), "plans.pdf", content.length)));
            Peer carol = network.startPeer("carol");

            assertThatThrownBy(() -> carol.fetching().download(carol.fetching().resolve("plans.pdf", List.of()), Optional.empty(),
                    DownloadListener.NONE, new Cancellation()))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("mallory")
                    .hasMessageContaining("someone is in between");
            assertThat(network.folder("carol").resolve("plans.pdf")).doesNotExist();
            assertThat(impostor.stats().chunks()).as("nothing was asked of the impostor").isZero();
            assertThat(carol.diagnostics().status().bans()).singleElement().satisfies(ban -> {
                assertThat(ban.name()).isEqualTo("mallory");
                assertThat(ban.reason()).contains("proved the identity");
            });
        }
    }

    @Test
    void peersFetchFromEachOtherUnderTheIdsTheTrackerLists() throws Exception {
        network.randomFile("alice", "song.flac", 2 * Manifest.CHUNK_SIZE + 3, 11);
        Peer alice = network.startPeer("alice");
        Peer bob = network.startPeer("bob");

        assertThat(bob.messaging().peers().peers()).extracting(dev.p2pshare.protocol.PeerEntry::id)
                .containsExactlyInAnyOrder(alice.id(), bob.id());
        DownloadResult result = bob.fetching().download(bob.fetching().resolve("song.flac", List.of()), Optional.empty(),
                DownloadListener.NONE, new Cancellation());
        assertThat(Files.readAllBytes(result.file()))
                .isEqualTo(Files.readAllBytes(network.folder("alice").resolve("song.flac")));
        assertThat(result.sources()).containsExactly("alice");
    }

    @Test
    void firstContactTrustsTheTrackerAndLaterContactsHoldItToThatId() throws Exception {
        Peer alice = network.startPeer("alice");
        Path known = network.folder("alice").resolve(".p2pshare").resolve(TrackerTrust.FILE_NAME);
        assertThat(Files.readString(known)).contains("127.0.0.1:" + network.tracker().port() + " "
                + network.tracker().id().hex());
        alice.close();

        int port = network.tracker().port();
        network.tracker().close();
        NodeIdentity impostor = NodeIdentity.generate("impostor");
        try (Tracker other = Tracker.start(new TrackerConfig(InetAddress.getLoopbackAddress(), port,
                Duration.ofSeconds(30), Duration.ofSeconds(1), Clock.systemUTC(), impostor))) {
            assertThatThrownBy(() -> network.startPeer("alice"))
                    .isInstanceOfSatisfying(PeerStartException.TrackerUntrusted.class, failure -> {
                        assertThat(failure.presented()).isEqualTo(impostor.id());
                        assertThat(failure.tracker().port()).isEqualTo(port);
                    })
                    .hasMessageContaining("REFUSED")
                    .hasMessageContaining(impostor.id().grouped())
                    .hasMessageContaining(known.toString())
                    .hasMessageNotContaining("--tracker");
            assertThat(other.peerCount()).isZero();
        }
    }

    @Test
    void pinnedTrackerIdMustMatchFromTheFirstContact() throws Exception {
        NodeId wrong = NodeIdentity.generate("someone").id();
        assertThatThrownBy(() -> start("dave", Optional.of(wrong)))
                .isInstanceOf(PeerException.class)
                .hasMessageContaining("REFUSED")
                .hasMessageContaining(wrong.grouped());

        try (Peer erin = start("erin", Optional.of(network.tracker().id()))) {
            assertThat(erin.diagnostics().status().tracker().connected()).isTrue();
        }
    }

    private Peer start(String name, Optional<NodeId> trackerId) throws Exception {
        return Peer.start(new PeerConfig(network.folder(name),
                List.of(new TrackerAddress(network.trackerEndpoint(), trackerId)), 0, name,
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30), 0, 0, true), bytes -> { });
    }
}
